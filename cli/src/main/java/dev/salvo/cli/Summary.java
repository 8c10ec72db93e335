package dev.salvo.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Counts and latencies of a run, printed on stderr at the end. */
final class Summary {
    private static final long MAX_MICROS = 3_600_000_000L;

    private final Histogram latencyMicros = new Histogram(MAX_MICROS, 3);
    private final Map<String, Long> failuresByType = new TreeMap<>();
    private long startNanos = System.nanoTime();
    private long done;
    private long failed;
    private long bytes;

    /** Starts the clock: the run's first request is about to be taken (client and server start do not count). */
    void begin() {
        startNanos = System.nanoTime();
    }

    void add(FetchRecord r) {
        if (r.failed()) {
            failed++;
            failuresByType.merge(r.errorType(), 1L, Long::sum);
        } else {
            done++;
            bytes += r.bytes();
            latencyMicros.recordValue(Math.max(0, Math.min(MAX_MICROS, Math.round(r.elapsedMs() * 1000))));
        }
    }

    long done() {
        return done;
    }

    long failed() {
        return failed;
    }

    /** Seconds since {@link #begin()}. */
    double seconds() {
        return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }

    /** Prints, e.g., "salvo: 10000 requests in 2.41 s (4149 req/s) over jdk: 10000 done, 0 failed". */
    void print(PrintWriter err, String transport) {
        double seconds = seconds();
        long total = done + failed;
        err.printf(Locale.ROOT, "salvo: %d requests in %.2f s (%.0f req/s) over %s: %d done, %d failed%n",
                total, seconds, total / seconds, transport, done, failed);
        if (done > 0) {
            err.printf(Locale.ROOT, "latency of responses (ms): p50 %.1f, p90 %.1f, p99 %.1f, max %.1f; %s received%n",
                    ms(50), ms(90), ms(99), latencyMicros.getMaxValue() / 1000.0, size(bytes));
        }
        if (!failuresByType.isEmpty()) {
            StringBuilder sb = new StringBuilder("failed by type:");
            failuresByType.forEach((t, n) -> sb.append(' ').append(t).append(' ').append(n).append(','));
            sb.setLength(sb.length() - 1);
            err.println(sb);
        }
        err.flush();
    }

    private double ms(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String size(long bytes) {
        if (bytes < 10_000) {
            return bytes + " B";
        }
        return bytes < 10_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
