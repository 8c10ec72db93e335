package dev.salvo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * W2v of design.md section 7: W2 at size 1,000 over Salvo's jdk and okhttp transports, each in a
 * child JVM on JDK 17 (platform threads) and on JDK 25 (virtual threads), in one run against one
 * server. A third row per transport runs JDK 25 with {@code -Dsalvo.virtualThreads=false}, so that
 * what virtual threads change is told apart from what JDK 25 changes. Writes VIRTUAL-THREADS.md and
 * virtual-threads.json (and a log per cell under logs/) into the output directory. See {@link #USAGE}.
 */
public final class VirtualThreadsMain {
    static final String USAGE = """
            usage: bench-virtual-threads [--jdk17 DIR] [--jdk25 DIR] [bench options]
              --jdk17 DIR   the JDK of the Java 17 rows (default: the JDK running this harness)
              --jdk25 DIR   the JDK of the Java 25 rows (default /usr/lib/jvm/temurin-25-jdk-amd64)
            and these of bench's options: --reps, --scale, --warmup-seconds, --out, --server, --no-install,
            --note, --quick (a smoke run: --scale 0.01 makes one round of 1,000 requests per repetition)
            """;
    static final Path DEFAULT_JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    static final String WORKLOAD = "W2v";
    static final int SIZE = 1_000;
    static final String REPORT = "VIRTUAL-THREADS.md";
    static final String JSON = "virtual-threads.json";
    private static final String PLATFORM_ONLY = "-Dsalvo.virtualThreads=false";
    private static final Duration CELL_LIMIT = Duration.ofMinutes(10);

    /** A JDK to run children on, with the options that go with the row. */
    record Jdk(String label, Path home, List<String> jvmArgs) {
    }

    private VirtualThreadsMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Jdk> jdks;
        Options options;
        try {
            List<String> rest = new ArrayList<>();
            Path jdk17 = Path.of(System.getProperty("java.home"));
            Path jdk25 = DEFAULT_JDK25;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--jdk17" -> jdk17 = Path.of(value(args, ++i));
                    case "--jdk25" -> jdk25 = Path.of(value(args, ++i));
                    case "--help" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> rest.add(args[i]);
                }
            }
            options = Options.parse(rest.toArray(String[]::new));
            jdks = jdks(jdk17, jdk25);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-virtual-threads: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        Results r = run(options, jdks);
        System.err.println("bench-virtual-threads: wrote " + options.out().resolve(REPORT));
        System.exit(r.cells().stream().allMatch(CellResult::ok) ? 0 : 1);
    }

    /** JDK 17 as it is, JDK 25 as it is, and JDK 25 with virtual threads switched off. */
    static List<Jdk> jdks(Path jdk17, Path jdk25) {
        for (Path home : List.of(jdk17, jdk25)) {
            if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
                throw new IllegalArgumentException("no bin/java in " + home);
            }
        }
        String v17 = "JDK " + feature(jdk17);
        String v25 = "JDK " + feature(jdk25);
        return List.of(new Jdk(v17, jdk17, List.of()), new Jdk(v25, jdk25, List.of()),
                new Jdk(v25 + ", virtual threads off", jdk25, List.of(PLATFORM_ONLY)));
    }

    static Results run(Options o, List<Jdk> jdks) throws IOException, InterruptedException {
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> notes = BenchMain.openingNotes(o);
        String loadBefore = Machine.loadAverage();
        Tools tools = Tools.find(o.install() && !o.server().equals("embedded"));
        notes.addAll(tools.notes());
        List<CellResult> results = new ArrayList<>();
        String server;
        try (Target target = BenchMain.open(o, tools, notes)) {
            server = target.describe();
            long n = o.scaled(SIZE * 10L, SIZE);
            for (String client : List.of(Clients.SALVO_JDK, Clients.SALVO_OKHTTP)) {
                for (Jdk jdk : jdks) {
                    Cell cell = new Cell(WORKLOAD, client + " on " + jdk.label(), client, target.delayed().toString(), n,
                            SIZE, SIZE, o.warmupSeconds(), o.reps(), jdk.jvmArgs());
                    CellResult result = new ChildLauncher(o.out().resolve("logs"), CELL_LIMIT, jdk.home()).run(cell);
                    System.err.println("bench-virtual-threads: " + summary(result));
                    results.add(result);
                }
            }
        }
        notes.add("load average (1, 5, 15 min) before the run " + loadBefore + ", after " + Machine.loadAverage()
                + ": above 0 before, something else was using the CPU");
        String settings = o.reps() + " repetitions per cell, request counts x " + o.scale()
                + ", each cell warmed up for at least " + o.warmupSeconds() + " s; JDKs: "
                + String.join(", ", jdks.stream().map(j -> j.label() + " at " + j.home()).distinct().toList());
        Results r = new Results(date, Machine.describe(), server, notes, settings, results);
        write(r, o.out());
        return r;
    }

    static void write(Results r, Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(JSON).toFile(), r);
        Files.writeString(dir.resolve(REPORT), VirtualThreadsReport.markdown(r));
    }

    /** The feature release of the JDK at {@code home} (from its release file), or its directory's name. */
    static String feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return v.split("[.+-]")[0];
                }
            }
        } catch (IOException e) {
            // no release file: say where it is instead
        }
        return home.getFileName().toString();
    }

    private static String summary(CellResult c) {
        String head = c.cell().label() + ": ";
        if (!c.ok()) {
            return head + "FAILED " + c.failure();
        }
        double median = Stats.of(c.seconds()).median();
        return head + Report.dec(median) + " s median, " + Report.dec(median / (Verdict.idealMillis(c.cell()) / 1000))
                + " x ideal, " + (c.virtualThreads() ? "virtual" : "platform") + " threads, peak platform threads "
                + c.peakThreads() + ", errors " + c.errors() + " (" + c.java() + ")";
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + ": needs a value");
        }
        return args[i];
    }
}
