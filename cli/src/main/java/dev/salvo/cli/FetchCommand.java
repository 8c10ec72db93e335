package dev.salvo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salvo.Batch;
import dev.salvo.ErrorType;
import dev.salvo.RateLimit;
import dev.salvo.Request;
import dev.salvo.Retry;
import dev.salvo.Salvo;
import dev.salvo.Tls;
import dev.salvo.TransportChoice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code salvo fetch}: one request per input line, one JSON record per request. */
@Command(name = "fetch", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Sends one request per input line and writes one JSON line per request (JSON Lines).",
            "",
            "A line is a URL (sent with --method), or a JSON object: {\"url\": ..., \"method\": ..., \"headers\": {...},"
                    + " \"params\": {...}, \"body\": \"text\" | \"json\": <any JSON>, \"tag\": <any JSON>}.",
            "Blank lines and lines starting with # are not requests and get no record. Lines are read at"
                    + " most --concurrency ahead of the requests in flight, so inputs of any length run in bounded memory.",
            "",
            "Each record: index (0-based among request lines), line, url, final_url, status, elapsed_ms, attempts,"
                    + " bytes, tag, error {type, message} (null when a response came; any status is a response).",
            "A line that cannot be sent (bad JSON, URL, method or header) is a record with error type INVALID_REQUEST."
        },
        footer = {"", "Exit status: 0 every request got a response (any status), 1 some record has an error, 2 usage error."})
final class FetchCommand implements Callable<Integer> {

    @ParentCommand
    SalvoCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-", description = "Input file; - or none for standard input.")
    String file;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "100", paramLabel = "N",
            description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--per-host", paramLabel = "N", description = "Requests in flight to one host at most.")
    Integer perHost;

    @Option(names = "--rate", paramLabel = "R", description = "Requests per second at most, for the whole run (every attempt counts).")
    Double rate;

    @Option(names = "--retries", defaultValue = "0", paramLabel = "N",
            description = "Extra attempts for a retryable failure or status (default: ${DEFAULT-VALUE}). Only idempotent"
                    + " methods are retried, except failures where nothing was sent (e.g. CONNECT_REFUSED).")
    int retries;

    @Option(names = "--retry-on", split = ",", paramLabel = "WHAT",
            description = "What --retries retries: statuses and/or error kinds, e.g. 500,502,503,504,CONNECT_REFUSED."
                    + " Replaces the default set: 429,500,502,503,504,CONNECT_REFUSED,CONNECT_TIMEOUT,READ_TIMEOUT,"
                    + "REQUEST_TIMEOUT,CONNECTION_RESET.")
    List<String> retryOn;

    @Option(names = "--timeout", converter = Durations.class, paramLabel = "DURATION",
            description = "Limit on each attempt, e.g. 10s, 500ms (default: none; connect 10s, read idle 30s).")
    Duration timeout;

    @Option(names = "--deadline", converter = Durations.class, paramLabel = "DURATION",
            description = "Limit on the whole run: when it passes, unfinished requests and unread lines get DEADLINE_EXCEEDED.")
    Duration deadline;

    @Option(names = "--transport", paramLabel = "NAME",
            description = "jdk, netty, okhttp (default: -Dsalvo.transport, SALVO_TRANSPORT, else netty > okhttp > jdk"
                    + " among those that can run on this JVM; see `salvo transports`).")
    String transport;

    @Option(names = {"-X", "--method"}, defaultValue = "GET", paramLabel = "METHOD",
            description = "Method for URL lines (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'",
            description = "A header for every request (repeatable); a JSON line's own headers win.")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write records here (default: standard output).")
    Path output;

    @Option(names = "--ordered", description = "Write records in input order (default: completion order). Holds back only"
            + " records that finished before an earlier one.")
    boolean ordered;

    @Option(names = "--include-body", description = "Add the response body: \"body\" and \"body_encoding\" (text for textual"
            + " Content-Types or unlabelled UTF-8, else base64).")
    boolean includeBody;

    @Option(names = "--save-bodies", paramLabel = "DIR",
            description = "Save each response body to DIR/<index>.body (created if needed); the record gets \"body_file\".")
    Path saveBodies;

    @Option(names = "--cacert", paramLabel = "PEM", description = "Trust the CA certificate(s) in this PEM file (instead of the JVM's).")
    Path cacert;

    @Option(names = {"-k", "--insecure"}, description = "Do not verify TLS certificates or host names. Dangerous.")
    boolean insecure;

    @Option(names = "--progress", negatable = true,
            description = "Progress bar on stderr (default: only when stderr is a terminal).")
    Boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No summary on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        TransportChoice choice = root.chooseTransport(transport, cl);
        Batch batch = batch(cl);
        Salvo.Builder builder = Salvo.builder().transport(choice.name());
        configure(builder, cl);
        ObjectMapper mapper = new ObjectMapper();
        if (saveBodies != null) {
            Files.createDirectories(saveBodies);
        }
        Summary summary = new Summary();
        boolean stdin = file == null || file.equals("-");
        if (!stdin && !Files.isReadable(Path.of(file))) {
            throw new ParameterException(cl, "FILE '" + file + "': not a readable file");
        }
        boolean toFile = output != null;
        Writer out;
        try {
            out = toFile ? Files.newBufferedWriter(output, StandardCharsets.UTF_8) : cl.getOut();
        } catch (IOException e) {
            throw new ParameterException(cl, "--output " + output + ": cannot write it (" + e + ")");
        }
        BufferedReader in = stdin ? new BufferedReader(new InputStreamReader(root.stdin(), StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        PrintWriter err = cl.getErr();
        boolean bar = progress != null ? progress : Progress.stderrIsTerminal();
        RecordSink sink = RecordSink.of(out, ordered, toFile);
        try (in; Salvo salvo = builder.build(); sink;
             Progress p = bar ? Progress.bar("salvo", -1, stderrStream(err)) : Progress.NONE) {
            new FetchRun(salvo, batch, new InputLines(in, new LineParser(mapper, method)), sink, summary, p, mapper,
                    includeBody, saveBodies).run();
        }
        if (!quiet) {
            summary.print(err, choice.name());
            if (ordered) {
                err.println("ordered output: at most " + sink.peakHeld() + " records were held back waiting for an earlier one");
                err.flush();
            }
        }
        return summary.failed() == 0 ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
    }

    private Batch batch(CommandLine cl) {
        if (concurrency < 1) {
            throw new ParameterException(cl, "--concurrency: must be >= 1, got " + concurrency);
        }
        Batch b = Batch.size(concurrency);
        if (perHost != null) {
            if (perHost < 1) {
                throw new ParameterException(cl, "--per-host: must be >= 1, got " + perHost);
            }
            b = b.perHost(perHost);
        }
        if (deadline != null) {
            b = b.deadline(deadline);
        }
        if (retries < 0) {
            throw new ParameterException(cl, "--retries: must be >= 0, got " + retries);
        }
        if (retryOn != null && retries == 0) {
            throw new ParameterException(cl, "--retry-on needs --retries N (how many extra attempts)");
        }
        return retries == 0 ? b.retry(Retry.none()) : b.retry(retry(cl));
    }

    private Retry retry(CommandLine cl) {
        Retry.Builder r = Retry.builder().maxAttempts(retries + 1);
        if (retryOn == null) {
            return r.build();
        }
        List<Integer> statuses = new ArrayList<>();
        EnumSet<ErrorType> kinds = EnumSet.noneOf(ErrorType.class);
        for (String item : retryOn) {
            String s = item.strip();
            if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
                statuses.add(Integer.parseInt(s));
            } else {
                try {
                    kinds.add(ErrorType.valueOf(s.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(cl, "--retry-on: '" + s + "' is neither a status nor an error kind"
                            + " (e.g. CONNECT_REFUSED, CONNECT_TIMEOUT, READ_TIMEOUT, REQUEST_TIMEOUT, CONNECTION_RESET)");
                }
            }
        }
        try {
            return r.retryOnStatus(statuses.stream().mapToInt(Integer::intValue).toArray())
                    .retryOnErrors(kinds.toArray(ErrorType[]::new)).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--retry-on: " + e.getMessage());
        }
    }

    private void configure(Salvo.Builder b, CommandLine cl) {
        try {
            Request.builder(method, "http://localhost/");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--method: " + e.getMessage());
        }
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new ParameterException(cl, "--header '" + h + "': expected 'Name: value'");
            }
            try {
                b.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, "--header '" + h + "': " + e.getMessage());
            }
        }
        if (rate != null) {
            if (!(rate > 0)) {
                throw new ParameterException(cl, "--rate: must be > 0, got " + rate);
            }
            b.rateLimit(RateLimit.perSecond(rate));
        }
        if (timeout != null) {
            b.requestTimeout(timeout);
        }
        if (cacert != null && insecure) {
            throw new ParameterException(cl, "--cacert and --insecure contradict each other; give one");
        }
        if (cacert != null) {
            try {
                b.tls(Tls.builder().trustPemFile(cacert).build());
            } catch (RuntimeException e) {
                throw new ParameterException(cl, "--cacert " + cacert + ": " + e.getMessage());
            }
        }
        if (insecure) {
            b.tls(Tls.builder().insecureTrustAllCertificatesAndHostnames().build());
        }
    }

    /** The bar needs a PrintStream; stderr itself in real use, a bridge to the captured writer in tests. */
    static PrintStream stderrStream(PrintWriter err) {
        return new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                err.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                err.write(new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                err.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
