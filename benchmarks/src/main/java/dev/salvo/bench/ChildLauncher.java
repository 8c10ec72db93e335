package dev.salvo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs each {@link Cell} in a fresh JVM (this JVM's java, or another JDK's, with this JVM's class
 * path, plus the cell's options) and reads back its {@link CellResult}. The child's own output goes to a log file beside the
 * report; a child that fails, prints no result or outlives its time limit gives a failed result
 * saying why, and a child past its limit is ended.
 */
final class ChildLauncher {
    /** The heap cap of a cell that sets none (W3 sets its own). */
    static final String DEFAULT_HEAP = "-Xmx1g";

    private final ObjectMapper json = new ObjectMapper();
    private final Path logDir;
    private final Duration limit;
    private final Path javaHome;

    /** Children on this JVM's own JDK. */
    ChildLauncher(Path logDir, Duration limit) {
        this(logDir, limit, Path.of(System.getProperty("java.home")));
    }

    /** Children on the JDK at {@code javaHome} (its {@code bin/java}). */
    ChildLauncher(Path logDir, Duration limit, Path javaHome) {
        this.logDir = logDir;
        this.limit = limit;
        this.javaHome = javaHome;
    }

    /** Environment variable: extra JVM options for every cell's JVM, split on spaces (a profiler agent, say). */
    static final String CHILD_OPTS = "SALVO_BENCH_CHILD_OPTS";

    CellResult run(Cell cell) {
        return run(cell, "");
    }

    /** As {@link #run(Cell)}, the log's name ending in {@code logSuffix} (one log per repetition of a cold cell). */
    CellResult run(Cell cell, String logSuffix) {
        try {
            return launch(cell, logSuffix);
        } catch (IOException e) {
            return CellResult.failed(cell, "could not run the child JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CellResult.failed(cell, "interrupted");
        }
    }

    private CellResult launch(Cell cell, String logSuffix) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.add("-XX:+UseParallelGC");
        if (cell.jvmArgs().stream().noneMatch(a -> a.startsWith("-Xmx"))) {
            // the same heap cap for every cell, so that peak RSS compares stacks, not how far the GC let the heap grow
            command.add(DEFAULT_HEAP);
        }
        command.addAll(cell.jvmArgs());
        String extra = System.getenv(CHILD_OPTS);
        if (extra != null && !extra.isBlank()) {
            // for a profiler agent, say; the report does not record them
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CellMain.class.getName());
        command.add(json.writeValueAsString(cell));
        Files.createDirectories(logDir);
        Path log = logDir.resolve(fileName(cell).replaceFirst("\\.log$", logSuffix + ".log"));
        Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
        String resultLine = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + limit.toNanos();
            String line;
            while ((line = readLine(out, child, deadline)) != null) {
                if (line.startsWith(CellMain.PREFIX)) {
                    resultLine = line.substring(CellMain.PREFIX.length());
                }
            }
            if (child.isAlive() && System.nanoTime() > deadline) {
                child.destroyForcibly().waitFor();
                return CellResult.failed(cell, "did not finish within " + limit.toSeconds() + " s (see " + log + ")");
            }
        }
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
        }
        if (resultLine == null) {
            return CellResult.failed(cell, "exit " + child.exitValue() + ", no result (see " + log + ")");
        }
        return json.readValue(resultLine, CellResult.class);
    }

    /** The next line, or null at the end or once the deadline has passed (the child is then ended). */
    private static String readLine(BufferedReader out, Process child, long deadline) throws IOException, InterruptedException {
        while (!out.ready()) {
            if (!child.isAlive()) {
                return out.readLine();
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(50);
        }
        return out.readLine();
    }

    static String fileName(Cell cell) {
        String base = cell.workload() + "-c" + cell.concurrency() + "-" + cell.label();
        return base.replaceAll("[^A-Za-z0-9.-]+", "_") + ".log";
    }
}
