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

    boolean ok() {
        return failure == null && !seconds.isEmpty();
    }
}
