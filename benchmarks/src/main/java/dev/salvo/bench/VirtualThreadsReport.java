package dev.salvo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** VIRTUAL-THREADS.md: the run's conditions, W2v's targets met or missed, and one table of every row. */
final class VirtualThreadsReport {
    /** The design's bound on W2 at size 1,000. */
    static final double LIMIT = 1.10;
    /** "Threads bounded by the carrier pool": far below one platform thread per request in flight. */
    static final int THREAD_LIMIT = VirtualThreadsMain.SIZE / 10;

    private final Results r;
    private final StringBuilder md = new StringBuilder();

    private VirtualThreadsReport(Results r) {
        this.r = r;
    }

    static String markdown(Results r) {
        return new VirtualThreadsReport(r).render();
    }

    private String render() {
        Report.conditions(md, "Salvo benchmarks: W2 on virtual threads (W2v)", r);
        Report.targets(md, judge(r));
        table();
        md.append("\nMedians over the repetitions with min - max; ideal = ceil(requests / size) x ")
                .append(Plan.W2_DELAY_MS).append(" ms; latency percentiles over all measured requests (HdrHistogram). ")
                .append("\"peak platform threads\" is the child JVM's peak live thread count (ThreadMXBean, which counts ")
                .append("no virtual thread: with virtual threads it is the carriers, the transport's fixed threads and the ")
                .append("JVM's own), over its whole life, warm-up included. \"threads\" is what the child's transports ")
                .append("used for their blocking work (dev.salvo.spi.BlockingThreads). Every cell ran in a fresh JVM ")
                .append("(ParallelGC, ").append(ChildLauncher.DEFAULT_HEAP).append(") after a warm-up.\n");
        return md.toString();
    }

    private void table() {
        List<CellResult> cells = r.of(VirtualThreadsMain.WORKLOAD);
        if (cells.isEmpty()) {
            return;
        }
        md.append("\n## W2 at size ").append(VirtualThreadsMain.SIZE).append(": ")
                .append(Report.num(cells.get(0).cell().requests())).append(" GETs to a ").append(Plan.W2_DELAY_MS)
                .append(" ms endpoint\n\n");
        row("transport", "JDK", "threads", "median s", "min - max s", "ideal s", "x ideal", "p50 ms", "p99 ms",
                "peak platform threads", "peak sockets", "peak RSS MiB", "errors");
        row("---", "---", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
        for (CellResult c : cells) {
            String transport = c.cell().client().replace("salvo ", "");
            if (!c.ok()) {
                row(transport, c.cell().label(), "failed: " + c.failure().replace('\n', ' ').replace('|', '/'), "", "",
                        "", "", "", "", "", "", "", "");
                continue;
            }
            Stats s = Stats.of(c.seconds());
            double ideal = Verdict.idealMillis(c.cell()) / 1000;
            row(transport, c.java(), c.virtualThreads() ? "virtual" : "platform", Report.dec(s.median()),
                    Report.dec(s.min()) + " - " + Report.dec(s.max()), Report.dec(ideal), Report.dec(s.median() / ideal),
                    Report.dec(c.p50Ms()), Report.dec(c.p99Ms()), Report.num(c.peakThreads()),
                    c.peakSockets() < 0 ? "-" : Report.num(c.peakSockets()),
                    c.peakRssMib() < 0 ? "-" : Report.num(c.peakRssMib()), Report.num(c.errors()));
        }
    }

    /** For each transport: its virtual-thread rows within 1.10 x ideal, and their platform threads bounded. */
    static List<Verdict> judge(Results r) {
        List<Verdict> out = new ArrayList<>();
        for (String client : List.of(Clients.SALVO_JDK, Clients.SALVO_OKHTTP)) {
            List<CellResult> virtual = r.of(VirtualThreadsMain.WORKLOAD).stream()
                    .filter(c -> c.cell().client().equals(client) && c.ok() && c.virtualThreads()).toList();
            String time = "W2v " + client + " size " + VirtualThreadsMain.SIZE + ", virtual threads: <= " + LIMIT + " x ideal";
            String threads = "W2v " + client + ", virtual threads: peak platform threads <= " + THREAD_LIMIT;
            if (virtual.isEmpty()) {
                out.add(new Verdict(time, "no row ran with virtual threads", null, ""));
                continue;
            }
            for (CellResult c : virtual) {
                String on = " (" + c.java() + ")";
                double ratio = Stats.of(c.seconds()).median() / (Verdict.idealMillis(c.cell()) / 1000.0);
                boolean fast = ratio <= LIMIT && c.errors() == 0;
                out.add(new Verdict(time + on, String.format(Locale.ROOT, "%.3f x ideal, %d errors", ratio, c.errors()),
                        fast, fast ? "" : ratio > LIMIT
                                ? String.format(Locale.ROOT, "%.1f%% over the limit", (ratio / LIMIT - 1) * 100)
                                : c.errors() + " errors"));
                boolean few = c.peakThreads() <= THREAD_LIMIT;
                out.add(new Verdict(threads + on, Integer.toString(c.peakThreads()), few,
                        few ? "" : (c.peakThreads() - THREAD_LIMIT) + " threads over"));
            }
        }
        return out;
    }

    private void row(Object... cells) {
        md.append('|');
        for (Object cell : cells) {
            md.append(' ').append(cell).append(" |");
        }
        md.append('\n');
    }

}
