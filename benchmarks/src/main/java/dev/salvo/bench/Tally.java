package dev.salvo.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** What one run of a load counts: latency of each response (HdrHistogram, in microseconds), body bytes, failures. */
final class Tally {
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final ConcurrentHistogram latency = new ConcurrentHistogram(MAX_MICROS, 3);
    private final LongAdder bytes = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder done = new LongAdder();

    /** A response of {@code bodyBytes} bytes, sent at {@code startNanos} (System.nanoTime). */
    void ok(long startNanos, long bodyBytes) {
        okAfter(System.nanoTime() - startNanos, bodyBytes);
    }

    void okAfter(long elapsedNanos, long bodyBytes) {
        latency.recordValue(Math.min(MAX_MICROS, Math.max(0, elapsedNanos / 1_000)));
        bytes.add(bodyBytes);
        done.increment();
    }

    void failed() {
        errors.increment();
        done.increment();
    }

    long bytes() {
        return bytes.sum();
    }

    long errors() {
        return errors.sum();
    }

    long completed() {
        return done.sum();
    }

    Histogram latency() {
        return latency;
    }
}
