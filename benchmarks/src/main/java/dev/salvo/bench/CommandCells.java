package dev.salvo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The command cell: fetching a file of URLs end to end, process start to exit, JVM start
 * included: the {@code salvo} command (its jar, as the {@code salvo} script runs it) against two
 * Python peers from Debian's packages, a gevent pool over one requests.Session (what grequests
 * does) and aiohttp behind a semaphore, all at the same size. Debian's packages are installed with
 * apt-get when missing (as root, when installing is allowed); a peer that still cannot run, or a
 * command jar that is not built, gives a failed cell saying "not run" and why.
 */
final class CommandCells {
    static final String SALVO = "salvo fetch (the command, JVM start included)";
    /** The command's start alone ({@code salvo --version}): how much of the command's time is JVM start, not fetching. */
    static final String SALVO_START = "salvo --version (JVM start only)";
    static final String GEVENT = "python gevent pool over requests.Session";
    static final String AIOHTTP = "python aiohttp, semaphore";
    /** Debian's Python, where python3-gevent and friends install (a pyenv python3 on PATH has none of them). */
    static final String PYTHON = "/usr/bin/python3";
    static final List<String> PACKAGES = List.of("python3-gevent", "python3-requests", "python3-aiohttp");
    /** The command's jar, from the repository root (what {@code benchmarks/run} builds with the benchmarks). */
    static final Path SALVO_JAR = Path.of("cli", "target", "salvo-cli.jar");
    /**
     * The launcher a user runs ({@code ./salvo}): it adds the command's JVM settings for short runs
     * (C1 only, a class-data archive), so the cells time the command as it is used.
     */
    static final Path LAUNCHER = Path.of("salvo");
    /** URLs of the untimed first run, which lets the launcher build (when stale) and write its class archive. */
    private static final int PRIME_REQUESTS = 1_000;
    private static final long LIMIT_MINUTES = 20;

    private CommandCells() {
    }

    /** Runs each cell {@code reps} times, the three commands in turn within each round. */
    static List<CellResult> run(List<Cell> cells, int reps, Path logDir, boolean install, List<String> notes)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path work = Files.createTempDirectory("salvo-bench-command");
        try {
            Path urls = work.resolve("urls.txt");
            long n = cells.stream().mapToLong(Cell::requests).max().orElse(0);
            String base = cells.isEmpty() ? "" : cells.get(0).url();
            try (Stream<String> lines = Stream.iterate(0L, i -> i + 1).limit(n).map(i -> base + "?i=" + i)) {
                Files.write(urls, (Iterable<String>) lines::iterator);
            }
            String pythonMissing = pythonPeers(install, notes);
            List<List<Double>> seconds = new ArrayList<>();
            List<Long> errors = new ArrayList<>();
            String[] failure = new String[cells.size()];
            for (int i = 0; i < cells.size(); i++) {
                seconds.add(new ArrayList<>());
                errors.add(0L);
                failure[i] = notRun(cells.get(i), pythonMissing);
            }
            prime(cells, failure, urls, work, logDir);
            for (int rep = 0; rep < reps; rep++) {
                for (int i = 0; i < cells.size(); i++) {
                    if (failure[i] != null) {
                        continue;
                    }
                    Cell cell = cells.get(i);
                    Path out = work.resolve("out-" + i + ".jsonl");
                    Path log = logDir.resolve(ChildLauncher.fileName(cell));
                    long t0 = System.nanoTime();
                    Process p = process(command(cell, urls, out, work), log);
                    if (!p.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
                        p.destroyForcibly().waitFor();
                        failure[i] = "did not finish within " + LIMIT_MINUTES + " min (see " + log + ")";
                        continue;
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    boolean startOnly = cell.client().equals(SALVO_START);
                    long ok = startOnly ? (p.exitValue() == 0 ? cell.requests() : 0) : okLines(out);
                    if (ok == 0 && !(startOnly && p.exitValue() == 0)) {
                        failure[i] = "exit " + p.exitValue() + ", no successful record (see " + log + ")";
                        continue;
                    }
                    seconds.get(i).add(s);
                    errors.set(i, errors.get(i) + (cell.requests() - ok));
                    System.err.println("bench: command repetition " + (rep + 1) + ": " + cell.label() + ": "
                            + Report.dec(s) + " s, " + (cell.requests() - ok) + " errors");
                }
            }
            List<CellResult> results = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                Cell c = cells.get(i);
                if (failure[i] != null) {
                    results.add(CellResult.failed(c, failure[i]));
                    continue;
                }
                List<Double> rates = seconds.get(i).stream().map(s -> c.requests() / s).toList();
                // the start-only row fetches nothing: its rate is 0, its time is what counts
                results.add(new CellResult(c, seconds.get(i), rates, rates.stream().map(r -> 0.0).toList(), errors.get(i),
                        -1, -1, -1, -1, -1, -1, -1, -1, 0, null, null, false));
            }
            return results;
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * One untimed {@code salvo fetch} of the first URLs before the timed rounds, as a user's first
     * run: the launcher builds the command if its sources are newer than its last build and writes
     * the class-data archive the timed runs then use. If it fails, the command's cells are not run.
     */
    private static void prime(List<Cell> cells, String[] failure, Path urls, Path work, Path logDir)
            throws IOException, InterruptedException {
        int first = -1;
        for (int i = 0; i < cells.size(); i++) {
            if (failure[i] == null && (cells.get(i).client().equals(SALVO) || cells.get(i).client().equals(SALVO_START))) {
                first = first < 0 ? i : first;
            }
        }
        if (first < 0) {
            return;
        }
        Path some = work.resolve("prime-urls.txt");
        try (Stream<String> lines = Files.lines(urls)) {
            Files.write(some, (Iterable<String>) lines.limit(PRIME_REQUESTS)::iterator);
        }
        Path log = logDir.resolve("command-prime.log");
        Process p = process(List.of(LAUNCHER.toAbsolutePath().toString(), "fetch", "-q", "-c",
                Integer.toString(cells.get(first).concurrency()), "-o", work.resolve("prime.jsonl").toString(),
                some.toString()), log);
        String why = null;
        if (!p.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            why = "the untimed first run of " + LAUNCHER + " did not finish within " + LIMIT_MINUTES + " min (see " + log + ")";
        } else if (p.exitValue() != 0) {
            why = "the untimed first run of " + LAUNCHER + " exited " + p.exitValue() + " (see " + log + ")";
        }
        for (int i = 0; i < cells.size(); i++) {
            String client = cells.get(i).client();
            if (why != null && failure[i] == null && (client.equals(SALVO) || client.equals(SALVO_START))) {
                failure[i] = why;
            }
        }
    }

    /** Starts {@code command} with its output appended to {@code log}, the launcher on this benchmark's JVM. */
    private static Process process(List<String> command, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    /** Why this cell cannot run here, or null. */
    private static String notRun(Cell cell, String pythonMissing) {
        if (cell.client().equals(SALVO) || cell.client().equals(SALVO_START)) {
            if (!Files.isExecutable(LAUNCHER)) {
                return "not run: no executable " + LAUNCHER + " here (run the benchmarks from the repository's root)";
            }
            return Files.isRegularFile(SALVO_JAR) ? null
                    : "not run: " + SALVO_JAR + " is not built (mvn package -pl cli -am; benchmarks/run builds it)";
        }
        return pythonMissing == null ? null : "not run: " + pythonMissing;
    }

    /** Null when Debian's Python has gevent, requests and aiohttp (installing them if missing and allowed); else why not. */
    static String pythonPeers(boolean install, List<String> notes) {
        if (importable()) {
            return null;
        }
        if (install) {
            notes.addAll(Tools.aptInstall(PACKAGES));
            if (importable()) {
                return null;
            }
        }
        return PYTHON + " cannot import gevent, requests and aiohttp (Debian's " + String.join(", ", PACKAGES)
                + (install ? "; apt-get install did not provide them)" : "; installing was not allowed)");
    }

    private static boolean importable() {
        return Files.isExecutable(Path.of(PYTHON))
                && Tools.quiet(List.of(PYTHON, "-c", "import gevent, requests, aiohttp"));
    }

    private static List<String> command(Cell cell, Path urls, Path out, Path work) throws IOException {
        String size = Integer.toString(cell.concurrency());
        return switch (cell.client()) {
            case SALVO -> List.of(LAUNCHER.toAbsolutePath().toString(), "fetch", "-q", "-c", size, "-o", out.toString(),
                    urls.toString());
            case SALVO_START -> List.of(LAUNCHER.toAbsolutePath().toString(), "--version");
            case GEVENT -> List.of(PYTHON, script(work, "gevent_pool.py"), urls.toString(), out.toString(), size);
            case AIOHTTP -> List.of(PYTHON, script(work, "aiohttp_semaphore.py"), urls.toString(), out.toString(), size);
            default -> throw new IllegalArgumentException("not a command cell: " + cell.client());
        };
    }

    /** The Python script, written out of the class path into {@code work}. */
    private static String script(Path work, String name) throws IOException {
        Path file = work.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = CommandCells.class.getResourceAsStream("/python/" + name)) {
                if (in == null) {
                    throw new IOException("python/" + name + " is not on the class path");
                }
                Files.copy(in, file);
            }
        }
        return file.toString();
    }

    /** Records with status 200, whichever JSON spacing the writer used. */
    static long okLines(Path out) throws IOException {
        if (!Files.isRegularFile(out)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(out)) {
            return lines.filter(l -> l.replace(" ", "").contains("\"status\":200")).count();
        }
    }
}
