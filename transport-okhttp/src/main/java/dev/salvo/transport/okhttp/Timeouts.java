package dev.salvo.transport.okhttp;

import java.time.Duration;

/** Durations as the millisecond counts OkHttp takes, where 0 means "no timeout". */
final class Timeouts {
    private Timeouts() {
    }

    /** {@code d} in whole milliseconds for an OkHttp timeout: 0 for none, at least 1 otherwise, at most {@code Integer.MAX_VALUE}. */
    static int millis(Duration d) {
        return (int) millis(d, Integer.MAX_VALUE);
    }

    /** {@code d} in whole milliseconds, rounded up, between 0 (zero or negative) and {@code max}. */
    static long millis(Duration d, long max) {
        if (d.isZero() || d.isNegative()) {
            return 0;
        }
        long ms;
        try {
            ms = d.toMillis();
            if (Duration.ofMillis(ms).compareTo(d) < 0) {
                ms++;
            }
        } catch (ArithmeticException e) {
            return max;
        }
        return Math.min(ms, max);
    }
}
