package dev.salvo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salvo.Batch;
import dev.salvo.Request;
import dev.salvo.Salvo;
import dev.salvo.TransportChoice;
import dev.salvo.testserver.Stats;
import dev.salvo.testserver.TestServer;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code salvo demo}: the embedded test server, and a salvo of requests at it. */
@Command(name = "demo", sortOptions = false,
        description = {"Starts the embedded test server on loopback and fires requests at it (GET /get?i=N),"
                + " with a progress bar and a summary: the one-command way to see Salvo work."},
        footer = {"", "Exit status: 0 every request got a response, 1 some failed, 2 usage error."})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    SalvoCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-n", "--requests"}, defaultValue = "10000", paramLabel = "N", description = "Requests to send (default: ${DEFAULT-VALUE}).")
    long requests;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "100", paramLabel = "N",
            description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--transport", paramLabel = "NAME", description = "jdk, netty, okhttp (default: as for fetch; see `salvo transports`).")
    String transport;

    @Option(names = "--progress", negatable = true, description = "Progress bar on stderr (default: only when stderr is a terminal).")
    Boolean progress;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (requests < 1) {
            throw new ParameterException(cl, "--requests: must be >= 1, got " + requests);
        }
        if (concurrency < 1) {
            throw new ParameterException(cl, "--concurrency: must be >= 1, got " + concurrency);
        }
        TransportChoice choice = root.chooseTransport(transport, cl);
        PrintWriter err = cl.getErr();
        Summary summary = new Summary();
        boolean bar = progress != null ? progress : Progress.stderrIsTerminal();
        try (TestServer server = TestServer.start()) {
            String base = server.httpUrl() + "/get?i=";
            err.printf("salvo demo: %d requests, %d in flight, over %s (%s), at the test server on %s%n",
                    requests, concurrency, choice.name(), choice.reason(), server.httpUrl());
            err.flush();
            try (Salvo salvo = Salvo.builder().transport(choice.name()).build();
                 RecordSink sink = RecordSink.discard();
                 Progress p = bar ? Progress.bar("demo", requests, FetchCommand.stderrStream(err)) : Progress.NONE) {
                new FetchRun(salvo, Batch.size(concurrency), lines(base), sink, summary, p, new ObjectMapper(), false, null).run();
            }
            summary.print(err, choice.name());
            Stats stats = server.stats();
            err.printf("server saw: %d requests, at most %d in flight, %d connections opened%n",
                    stats.requestsReceived(), stats.peakInFlight(), stats.connectionsAccepted());
            err.flush();
        }
        return summary.failed() == 0 ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
    }

    /** The requests, made one at a time as the batch asks for them. */
    private Iterator<Line> lines(String base) {
        return new Iterator<>() {
            private long i;

            @Override
            public boolean hasNext() {
                return i < requests;
            }

            @Override
            public Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long n = i++;
                return new Line.Valid(n + 1, Request.builder(base + n).tag(new Line.Meta(n + 1, null)).build());
            }
        };
    }
}
