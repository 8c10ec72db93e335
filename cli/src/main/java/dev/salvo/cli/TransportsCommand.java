package dev.salvo.cli;

import dev.salvo.Salvo;
import dev.salvo.TransportChoice;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code salvo transports}: what is on the classpath and which one a run would use, and why. */
@Command(name = "transports",
        description = {"Lists the transports on the classpath (ServiceLoader of dev.salvo.spi.TransportProvider) and"
                + " which one fetch and demo use, by the library's rule: --transport, else -Dsalvo.transport, else"
                + " SALVO_TRANSPORT, else the first that can run on this JVM of netty, okhttp, jdk, then others by name."})
final class TransportsCommand implements Callable<Integer> {

    @ParentCommand
    SalvoCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--transport", paramLabel = "NAME", description = "Show the choice as if fetch were given --transport NAME.")
    String transport;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        Set<String> found = SalvoCommand.availableTransports();
        out.println("transports found: " + (found.isEmpty() ? "none" : String.join(", ", found)));
        Salvo.unavailableTransports().forEach((name, reason) -> out.println(name + " cannot run on this JVM: " + reason));
        TransportChoice choice = root.chooseTransport(transport, cl);
        out.println("chosen: " + choice.name() + " (" + choice.reason() + ")"
                + (choice.named() ? "" : "; choose another with --transport NAME"));
        out.flush();
        return CommandLine.ExitCode.OK;
    }
}
