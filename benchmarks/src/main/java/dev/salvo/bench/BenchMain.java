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
 * Runs the benchmarks: finds (or installs) nginx and wrk, starts the server, runs every cell of
 * the chosen workloads (wrk here, every client in a fresh JVM), and writes results.json, RESULTS.md
 * and the PNG charts into the output directory. See {@link Options#USAGE}.
 */
public final class BenchMain {
    /** The longest one child JVM may take (W3 on the slowest stack included). */
    private static final Duration CELL_LIMIT = Duration.ofMinutes(30);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.reportOnly()) {
            Results read = new ObjectMapper().readValue(options.out().resolve("results.json").toFile(), Results.class);
            write(read, options.out());
            System.err.println("bench: wrote " + options.out().resolve("RESULTS.md") + " again from results.json");
            return;
        }
        Results r = run(options);
        System.err.println("bench: wrote " + options.out().resolve("RESULTS.md"));
        long failed = r.cells().stream().filter(c -> !c.ok()).count();
        System.exit(failed == 0 ? 0 : 1);
    }

    static Results run(Options o) throws IOException, InterruptedException {
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> notes = openingNotes(o);
        String loadBefore = Machine.loadAverage();
        Tools tools = Tools.find(o.install() && !o.server().equals("embedded"));
        notes.addAll(tools.notes());
        String wrk = tools.wrk();
        List<CellResult> results = new ArrayList<>();
        String server;
        try (Target target = open(o, tools, notes)) {
            server = target.describe();
            if (wrk == null) {
                notes.add("wrk is not installed: the wrk references and the targets against them are left out");
            } else if (!target.isNginx()) {
                notes.add("wrk ran against the embedded server, not nginx");
            }
            Plan plan = new Plan(o, target);
            ChildLauncher launcher = new ChildLauncher(o.out().resolve("logs"), CELL_LIMIT);
            for (String workload : o.workloads()) {
                if (workload.equals(Plan.COLD)) {
                    results.addAll(cold(plan.cold(), o, launcher));
                    continue;
                }
                if (workload.equals(Plan.COMMAND)) {
                    results.addAll(CommandCells.run(plan.command().stream().filter(c -> o.wants(c.label())).toList(), o.reps(), o.out().resolve("logs"), o.install(), notes));
                    continue;
                }
                List<Cell> cells = switch (workload) {
                    case "W1" -> plan.w1();
                    case "W2" -> plan.w2();
                    case "W3" -> plan.w3();
                    default -> plan.w4();
                };
                for (Cell cell : cells) {
                    if (!o.wants(cell.label()) || cell.client().equals(Clients.WRK) && wrk == null) {
                        continue;
                    }
                    String refusal = Clients.refusal(cell.client());
                    CellResult result = cell.client().equals(Clients.WRK) ? Wrk.run(wrk, cell, o.wrkSeconds())
                            : refusal != null ? CellResult.failed(cell, refusal) : launcher.run(cell);
                    System.err.println("bench: " + summary(result));
                    results.add(result);
                }
            }
        }
        notes.add("load average (1, 5, 15 min) before the run " + loadBefore + ", after " + Machine.loadAverage()
                + ": above 0 before, something else was using the CPU");
        String settings = o.reps() + " repetitions per cell (W3: " + o.w3Reps() + "), request counts x " + o.scale()
                + ", wrk " + o.wrkSeconds() + " s per run, each cell warmed up for at least " + o.warmupSeconds() + " s";
        Results r = new Results(date, Machine.describe(), server, notes, settings, results);
        write(r, o.out());
        return r;
    }

    /**
     * The cold cells: every repetition of every client in a JVM of its own, the clients taken in
     * turn within each round so that a slow spell of the machine falls on all of them alike.
     */
    static List<CellResult> cold(List<Cell> cells, Options o, ChildLauncher launcher) {
        List<Cell> wanted = cells.stream().filter(c -> o.wants(c.label())).toList();
        List<List<CellResult>> runs = new ArrayList<>();
        wanted.forEach(c -> runs.add(new ArrayList<>()));
        for (int rep = 0; rep < o.reps(); rep++) {
            for (int i = 0; i < wanted.size(); i++) {
                Cell cell = wanted.get(i);
                String refusal = Clients.refusal(cell.client());
                CellResult one = refusal != null ? CellResult.failed(cell, refusal) : launcher.run(cell, "-rep" + (rep + 1));
                System.err.println("bench: cold repetition " + (rep + 1) + ": " + summary(one));
                runs.get(i).add(one);
            }
        }
        List<CellResult> out = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            Cell c = wanted.get(i);
            out.add(CellResult.merge(new Cell(c.workload(), c.label(), c.client(), c.url(), c.requests(), c.concurrency(),
                    0, 0, o.reps(), c.jvmArgs()), runs.get(i)));
        }
        return out;
    }

    /** The notes every report starts with: the user's {@code --note}, and the commit measured. */
    static List<String> openingNotes(Options o) {
        List<String> notes = new ArrayList<>();
        if (!o.note().isEmpty()) {
            notes.add(o.note());
        }
        String commit = Machine.commit();
        if (commit != null) {
            notes.add("code measured: commit " + commit);
        }
        return notes;
    }

    /** nginx, else the embedded server (as the options allow); why, when it is the fallback, goes to {@code notes}. */
    static Target open(Options o, Tools tools, List<String> notes) throws InterruptedException {
        if (o.server().equals("embedded")) {
            return new EmbeddedTarget("asked for with --server embedded");
        }
        if (!tools.hasNginx()) {
            if (o.server().equals("nginx")) {
                throw new IllegalStateException("--server nginx: nginx or its echo module is missing");
            }
            return new EmbeddedTarget("nginx or libnginx-mod-http-echo could not be had");
        }
        try {
            return NginxTarget.start(tools);
        } catch (IOException e) {
            if (o.server().equals("nginx")) {
                throw new IllegalStateException("--server nginx: " + e.getMessage(), e);
            }
            notes.add("nginx did not start: " + e.getMessage().lines().findFirst().orElse(""));
            return new EmbeddedTarget("nginx did not start");
        }
    }

    static void write(Results r, Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), r);
        List<String> charts = Charts.write(r, dir);
        Path jmh = dir.resolve("jmh.txt");
        String jmhText = Files.isRegularFile(jmh) ? Files.readString(jmh) : "";
        Files.writeString(dir.resolve("RESULTS.md"),
                Report.markdown(r, charts.isEmpty() ? charts : charts.subList(0, 1), jmhText));
    }

    private static String summary(CellResult c) {
        String head = c.cell().workload() + " size " + c.cell().concurrency() + " " + c.cell().label() + ": ";
        if (!c.ok()) {
            return head + "FAILED " + c.failure();
        }
        return head + Report.num(Stats.of(c.requestsPerSecond()).median()) + " req/s, "
                + Report.num(Stats.of(c.mibPerSecond()).median()) + " MiB/s, median " + Report.dec(Stats.of(c.seconds()).median())
                + " s, p99 " + Report.dec(c.p99Ms()) + " ms, peak sockets " + c.peakSockets() + ", peak RSS "
                + Report.num(c.peakRssMib()) + " MiB, errors " + c.errors();
    }
}
