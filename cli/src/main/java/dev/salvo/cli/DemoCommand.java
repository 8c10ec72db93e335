package dev.salvo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salvo.Batch;
import dev.salvo.Request;
import dev.salvo.Salvo;
import dev.salvo.TransportChoice;
import dev.salvo.testserver.Stats;
import dev.salvo.testserver.TestServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code salvo demo}: the embedded test server, and two salvos at it. The first shows the
 * concurrency: requests the server answers only after a pause, so one by one they would take
 * (requests × pause), and the server itself reports how many it held at once (the concurrency).
 * The second shows the speed: a throughput run at {@code /get} after a short warm-up.
 *
 * <p>Client and server share the machine: the client gets one I/O thread and the server its two,
 * so on two cores neither starves the other.
 */
@Command(name = "demo", sortOptions = false,
        description = {"Starts the embedded test server on loopback and fires two salvos at it: requests the server"
                + " holds for --hold each (one by one they would take requests x hold; the server reports how many it"
                + " held at once), then a throughput run (GET /get?i=N) after a warm-up."},
        footer = {"", "Exit status: 0 every request got a response, 1 some failed, 2 usage error."})
final class DemoCommand implements Callable<Integer> {
    /** One client I/O thread leaves the other core to the server (whose two loops mostly wait on the client). */
    private static final int CLIENT_IO_THREADS = 1;

    @ParentCommand
    SalvoCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-n", "--requests"}, defaultValue = "50000", paramLabel = "N",
            description = "Requests in the throughput run (default: ${DEFAULT-VALUE}).")
    long requests;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "100", paramLabel = "N",
            description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--hold", defaultValue = "200ms", converter = Durations.class, paramLabel = "DURATION",
            description = "How long the server holds each request of the first salvo (default: ${DEFAULT-VALUE});"
                    + " that salvo sends 5 x the concurrency.")
    Duration hold;

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
        if (hold.isNegative() || hold.toMillis() > 60_000) {
            throw new ParameterException(cl, "--hold: must be between 0 and 60s, got " + hold);
        }
        TransportChoice choice = root.chooseTransport(transport, cl);
        PrintWriter err = cl.getErr();
        boolean bar = progress != null ? progress : Progress.stderrIsTerminal();
        long failed;
        try (TestServer server = TestServer.start();
             Salvo salvo = Salvo.builder().transport(choice.name()).ioThreads(CLIENT_IO_THREADS).build()) {
            // The choice's reason can run to a paragraph (why jdk cannot run here); `salvo transports` shows it.
            err.printf("salvo demo over %s (`salvo transports` says why), at the embedded test server on %s%n%n",
                    choice.name(), server.httpUrl());
            failed = concurrencyRun(server, salvo, err, bar);
            failed += speedRun(server, salvo, choice.name(), err, bar);
        }
        return failed == 0 ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
    }

    /** Requests the server holds: what they would take one by one, what they took, how many the server held at once. */
    private long concurrencyRun(TestServer server, Salvo salvo, PrintWriter err, boolean bar) {
        long n = 5L * concurrency;
        long holdMs = hold.toMillis();
        err.printf(Locale.ROOT, "1. Concurrency: %d requests to /salvo/hold/%d, each answered after %d ms%n", n, holdMs, holdMs);
        err.printf(Locale.ROOT, "   one by one they would take  %d x %d ms = %.1f s%n", n, holdMs, n * holdMs / 1000.0);
        err.flush();
        server.stats().reset();
        Summary summary = fire(salvo, n, server.httpUrl() + "/salvo/hold/" + holdMs + "?i=", err, bar);
        Stats stats = server.stats();
        double took = summary.seconds();
        err.printf(Locale.ROOT, "   at %d in flight they took    %.2f s%s%n", concurrency, took,
                took > 0 && holdMs > 0 ? String.format(Locale.ROOT, " (%.0fx sooner)", n * holdMs / 1000.0 / took) : "");
        err.printf("   the server saw at most %d requests in flight at once, over %d connections%n%n",
                stats.peakInFlight(), stats.connectionsAccepted());
        err.flush();
        return summary.failed();
    }

    /** A warm-up (the JIT compiles the hot path), then the throughput run, summarised. */
    private long speedRun(TestServer server, Salvo salvo, String transportName, PrintWriter err, boolean bar) {
        long warmUp = Math.min(requests, 10_000);
        err.printf("2. Speed: %d requests to /get at %d in flight, after %d to warm up%n", requests, concurrency, warmUp);
        err.flush();
        String base = server.httpUrl() + "/get?i=";
        long failed = fire(salvo, warmUp, base, err, false).failed();
        server.stats().reset();
        Summary summary = fire(salvo, requests, base, err, bar);
        summary.print(err, transportName);
        err.printf("server saw: %d requests%n", server.stats().requestsReceived());
        err.flush();
        return failed + summary.failed();
    }

    private Summary fire(Salvo salvo, long n, String base, PrintWriter err, boolean bar) {
        Summary summary = new Summary();
        try (RecordSink sink = RecordSink.discard();
             Progress p = bar ? Progress.bar("demo", n, FetchCommand.stderrStream(err)) : Progress.NONE) {
            new FetchRun(salvo, Batch.size(concurrency), lines(base, n), sink, summary, p, new ObjectMapper(), false, null).run();
        }
        return summary;
    }

    /** The requests, made one at a time as the batch asks for them. */
    private static Iterator<Line> lines(String base, long count) {
        return new Iterator<>() {
            private long i;

            @Override
            public boolean hasNext() {
                return i < count;
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
