package dev.salvo.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** RESULTS.md: the run's conditions, the targets met or missed, and one table per workload. */
final class Report {
    private final Results r;
    private final StringBuilder md = new StringBuilder();

    private Report(Results r) {
        this.r = r;
    }

    /** The report; {@code jmh} is JMH's output for CoreOverheadBenchmark, or "" when it was not run. */
    static String markdown(Results r, List<String> charts, String jmh) {
        return new Report(r).render(charts, jmh);
    }

    /** A report's title and the run's conditions: date, machine, server, settings and notes. */
    static void conditions(StringBuilder md, String title, Results r) {
        md.append("# ").append(title).append("\n\n");
        md.append("- **Date**: ").append(r.date()).append('\n');
        md.append("- **Machine**: ").append(r.machine()).append('\n');
        md.append("- **Server**: ").append(r.server()).append('\n');
        md.append("- **Run**: ").append(r.options()).append('\n');
        for (String n : r.notes()) {
            md.append("- **Note**: ").append(n).append('\n');
        }
    }

    /** The targets section: each verdict, met or missed and by how much. */
    static void targets(StringBuilder md, List<Verdict> verdicts) {
        md.append("\n## Targets (design.md section 7)\n\n");
        md.append("| target | measured | status | missed by |\n| --- | --- | --- | --- |\n");
        for (Verdict v : verdicts) {
            md.append("| ").append(v.target()).append(" | ").append(v.measured()).append(" | ").append(v.status())
                    .append(" | ").append(v.gap()).append(" |\n");
        }
    }

    private String render(List<String> charts, String jmh) {
        conditions(md, "Salvo benchmarks", r);
        md.append("\n");
        for (String chart : charts) {
            md.append("![").append(chart).append("](").append(chart).append(")\n");
        }
        targets(md, Verdict.judge(r));
        w1();
        w2();
        w3();
        w4();
        PeerReport.markdown(md, r);
        md.append("\nMedians over the repetitions with min - max; latency percentiles over all measured requests "
                + "(HdrHistogram; wrk's own for wrk); peak RSS, sockets and threads are the client JVM's (ParallelGC, "
                + ChildLauncher.DEFAULT_HEAP + " unless the workload sets its own); "
                + "\"threads/1k\" is threads started per 1,000 measured requests. Every cell ran in a fresh JVM after "
                + "a warm-up (W3: none, it is its own; cold: none, each repetition a JVM of its own; the command: "
                + "processes timed from start to exit).\n");
        jmh(jmh);
        return md.toString();
    }

    private void w1() {
        List<CellResult> cells = r.of("W1");
        if (cells.isEmpty()) {
            return;
        }
        CellResult wrk = r.find("W1", Clients.WRK, Plan.W1_SIZE);
        md.append("\n## W1: ").append(cells.get(0).cell().requests()).append(" small GETs, size ").append(Plan.W1_SIZE)
                .append(", one host\n\n");
        row("client", "req/s", "min - max", "x wrk", "x raw", "p50 ms", "p99 ms", "p99.9 ms", "peak RSS MiB",
                "peak sockets", "peak threads", "threads/1k", "errors");
        row("---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
        for (CellResult c : cells) {
            if (failedRow(c, 13)) {
                continue;
            }
            Stats s = Stats.of(c.requestsPerSecond());
            String raw = Clients.RAW_OF.get(c.cell().label());
            CellResult rawCell = raw == null ? null : r.find("W1", raw, Plan.W1_SIZE);
            row(c.cell().label(), num(s.median()), num(s.min()) + " - " + num(s.max()), ratio(c, wrk, false),
                    ratio(c, rawCell, false), dec(c.p50Ms()), dec(c.p99Ms()), c.p999Ms() < 0 ? "-" : dec(c.p999Ms()), common(c));
        }
    }

    private void w2() {
        List<CellResult> cells = r.of("W2");
        if (cells.isEmpty()) {
            return;
        }
        md.append("\n## W2: GETs to a ").append(Plan.W2_DELAY_MS).append(" ms endpoint\n\n");
        row("client", "size", "requests", "median s", "min - max s", "ideal s", "x ideal", "p50 ms", "p99 ms",
                "peak RSS MiB", "peak sockets", "peak threads", "threads/1k", "errors");
        row("---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
        for (CellResult c : cells) {
            if (failedRow(c, 14)) {
                continue;
            }
            Stats s = Stats.of(c.seconds());
            double ideal = Verdict.idealMillis(c.cell()) / 1000;
            row(c.cell().label(), Integer.toString(c.cell().concurrency()), num(c.cell().requests()), dec(s.median()),
                    dec(s.min()) + " - " + dec(s.max()), dec(ideal), dec(s.median() / ideal), dec(c.p50Ms()),
                    dec(c.p99Ms()), common(c));
        }
    }

    private void w3() {
        List<CellResult> cells = r.of("W3");
        if (cells.isEmpty()) {
            return;
        }
        md.append("\n## W3: imap over ").append(cells.get(0).cell().requests()).append(" requests, size ")
                .append(Plan.W3_SIZE).append(", ").append(Plan.W3_HEAP).append("\n\n");
        row("client", "seconds", "req/s", "p50 ms", "p99 ms", "peak RSS MiB", "peak sockets", "peak threads",
                "threads/1k", "errors");
        row("---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
        for (CellResult c : cells) {
            if (failedRow(c, 10)) {
                continue;
            }
            row(c.cell().label(), dec(Stats.of(c.seconds()).median()), num(Stats.of(c.requestsPerSecond()).median()),
                    dec(c.p50Ms()), dec(c.p99Ms()), common(c));
        }
    }

    private void w4() {
        List<CellResult> cells = r.of("W4");
        if (cells.isEmpty()) {
            return;
        }
        CellResult wrk = r.find("W4", Clients.WRK, Plan.W4_SIZE);
        md.append("\n## W4: ").append(cells.get(0).cell().requests()).append(" GETs of 1 MiB, size ")
                .append(Plan.W4_SIZE).append("\n\n");
        row("client", "MiB/s", "min - max", "x wrk", "p50 ms", "p99 ms", "peak RSS MiB", "peak sockets", "peak threads",
                "threads/1k", "errors");
        row("---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
        for (CellResult c : cells) {
            if (failedRow(c, 11)) {
                continue;
            }
            Stats s = Stats.of(c.mibPerSecond());
            row(c.cell().label(), num(s.median()), num(s.min()) + " - " + num(s.max()), ratio(c, wrk, true),
                    dec(c.p50Ms()), dec(c.p99Ms()), common(c));
        }
    }

    /** JMH's result lines (time and allocation per request), as JMH prints them. */
    private void jmh(String out) {
        List<String> lines = out.lines()
                .dropWhile(l -> !l.matches("Benchmark +Mode.*"))
                .filter(l -> l.matches("Benchmark +Mode.*") || l.endsWith(" ns/op") || l.endsWith(" B/op"))
                .toList();
        if (lines.isEmpty()) {
            return;
        }
        md.append("\n## Core overhead per request (JMH, in-memory transport, no network, -prof gc)\n\n```\n");
        lines.forEach(this::line);
        md.append("```\n");
    }

    /** Peak RSS, sockets, threads, threads per 1k requests and errors, as cells. */
    private static String[] common(CellResult c) {
        Function<Double, String> known = v -> v < 0 ? "-" : num(v);
        return new String[] {known.apply(c.peakRssMib()), known.apply((double) c.peakSockets()),
                known.apply((double) c.peakThreads()), c.peakThreads() < 0 ? "-" : dec(c.threadsPerRequest() * 1000),
                num(c.errors())};
    }

    private boolean failedRow(CellResult c, int columns) {
        if (c.ok()) {
            return false;
        }
        String[] cells = new String[columns];
        java.util.Arrays.fill(cells, "");
        cells[0] = c.cell().label();
        cells[1] = "failed: " + c.failure().replace('\n', ' ').replace('|', '/');
        row(cells);
        return true;
    }

    private static String ratio(CellResult c, CellResult ref, boolean bytes) {
        if (ref == null || !ref.ok() || ref == c) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f", Verdict.median(c, bytes) / Verdict.median(ref, bytes));
    }

    private void row(Object... cells) {
        md.append('|');
        for (Object cell : cells) {
            if (cell instanceof String[] more) {
                for (String m : more) {
                    md.append(' ').append(m).append(" |");
                }
            } else {
                md.append(' ').append(cell).append(" |");
            }
        }
        md.append('\n');
    }

    private void line(String s) {
        md.append(s).append('\n');
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String dec(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }
}
