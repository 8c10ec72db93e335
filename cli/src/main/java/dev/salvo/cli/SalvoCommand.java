package dev.salvo.cli;

import dev.salvo.Salvo;
import dev.salvo.TransportChoice;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code salvo} command. Exit codes: 0 when every request got a response (of any status),
 * 1 when any record has an error (or the run itself failed), 2 for a usage error.
 */
@Command(name = "salvo", mixinStandardHelpOptions = true, versionProvider = SalvoCommand.Version.class,
        subcommands = {FetchCommand.class, DemoCommand.class, TransportsCommand.class, CommandLine.HelpCommand.class},
        description = "Fires many HTTP requests at once over the HTTP stack of your choice.",
        footer = {"", "Exit status: 0 all requests got a response (any status), 1 some failed, 2 usage error."})
public final class SalvoCommand implements Runnable {
    private final InputStream stdin;
    private final Function<String, String> env;

    @Spec
    CommandSpec spec;

    public SalvoCommand() {
        this(System.in, System::getenv);
    }

    /** For tests: the standard input and environment the subcommands see. */
    SalvoCommand(InputStream stdin, Function<String, String> env) {
        this.stdin = stdin;
        this.env = env;
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine(new SalvoCommand());
        // Straight to file descriptor 1, not through System.out (a PrintStream that hides errors), so
        // that a closed pipe (`salvo fetch ... | head`) stops the run instead of fetching everything.
        cl.setOut(new PrintWriter(new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), 1 << 16)));
        int exit = cl.execute(args);
        cl.getOut().flush();
        System.exit(exit);
    }

    /** The command line with Salvo's error handling: a failed run prints one line and exits 1. */
    static CommandLine commandLine(SalvoCommand root) {
        CommandLine cl = new CommandLine(root);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("salvo: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            commandLine.getErr().flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: fetch, demo or transports");
    }

    InputStream stdin() {
        return stdin;
    }

    /**
     * The transport for this run, by the library's own rule ({@link TransportChoice}) with
     * {@code --transport} as the explicit choice, or a usage error (exit 2) naming what is available.
     */
    TransportChoice chooseTransport(String flag, CommandLine cl) {
        try {
            return TransportChoice.choose(flag, "--transport", env);
        } catch (IllegalStateException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    static Set<String> availableTransports() {
        return new LinkedHashSet<>(Salvo.availableTransports());
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SalvoCommand.class.getPackage().getImplementationVersion();
            return new String[] {"salvo " + (v == null ? "(development build)" : v)};
        }
    }
}
