package dev.salvo.bench;

import java.util.List;

/**
 * What a cell measured. Latencies are over every measured repetition together; the peaks are the
 * child JVM's over its whole life (warm-up included).
 *
 * @param cell          what was run
 * @param seconds       wall time of each repetition
 * @param requestsPerSecond completed requests per second of each repetition
 * @param mibPerSecond  body MiB per second of each repetition
 * @param errors        failed requests over all repetitions
 * @param p50Ms         latency percentiles in milliseconds
 * @param peakRssMib    peak resident set size (VmHWM), MiB; -1 when unknown
 * @param peakSockets   most sockets open at once; -1 when unknown
 * @param peakThreads   most live threads at once
 * @param threadsPerRequest threads started by the JVM during the measured repetitions, per request
 * @param failure       why the cell produced no figures, or null
 * @param java          the child JVM's {@code java.runtime.version}, or null (wrk, a failed cell)
 * @param virtualThreads whether the child's Salvo transports had virtual threads for their blocking
 *                      work (see {@code dev.salvo.spi.BlockingThreads})
 */
record CellResult(Cell cell, List<Double> seconds, List<Double> requestsPerSecond, List<Double> mibPerSecond, long errors, double p50Ms, double p90Ms,
                  double p99Ms, double p999Ms, double maxMs, double peakRssMib, int peakSockets, int peakThreads,
                  double threadsPerRequest, String failure, String java, boolean virtualThreads) {

    static CellResult failed(Cell cell, String why) {
        return new CellResult(cell, List.of(), List.of(), List.of(), 0, 0, 0, 0, 0, 0, -1, -1, -1, 0, why, null, false);
    }

    /**
     * The repetitions of one cell run each in a fresh JVM, as one result: their timings side by side,
     * errors summed, and the worst child's latency percentiles and peaks. Failed if any child failed.
     */
    static CellResult merge(Cell cell, List<CellResult> children) {
        List<Double> seconds = new java.util.ArrayList<>();
        List<Double> rates = new java.util.ArrayList<>();
        List<Double> mibs = new java.util.ArrayList<>();
        long errors = 0;
        double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0, rss = -1, perRequest = 0;
        int sockets = -1, threads = -1;
        for (int i = 0; i < children.size(); i++) {
            CellResult c = children.get(i);
            if (!c.ok()) {
                return failed(cell, "repetition " + (i + 1) + ": " + c.failure());
            }
            seconds.addAll(c.seconds());
            rates.addAll(c.requestsPerSecond());
            mibs.addAll(c.mibPerSecond());
            errors += c.errors();
            p50 = Math.max(p50, c.p50Ms());
            p90 = Math.max(p90, c.p90Ms());
            p99 = Math.max(p99, c.p99Ms());
            p999 = Math.max(p999, c.p999Ms());
            max = Math.max(max, c.maxMs());
            rss = Math.max(rss, c.peakRssMib());
            sockets = Math.max(sockets, c.peakSockets());
            threads = Math.max(threads, c.peakThreads());
            perRequest = Math.max(perRequest, c.threadsPerRequest());
        }
        if (children.isEmpty()) {
            return failed(cell, "no repetition ran");
        }
        CellResult first = children.get(0);
        return new CellResult(cell, seconds, rates, mibs, errors, p50, p90, p99, p999, max, rss, sockets, threads,
                perRequest, null, first.java(), first.virtualThreads());
    }

    boolean ok() {
        return failure == null && !seconds.isEmpty();
    }
}
