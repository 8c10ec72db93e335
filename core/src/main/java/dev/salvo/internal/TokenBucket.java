package dev.salvo.internal;

import dev.salvo.RateLimit;

/**
 * A token bucket kept as one number, the time the bucket is next empty-and-refilled (the
 * "theoretical arrival time" of the generic cell rate algorithm). Taking a token never blocks: it
 * reserves the earliest moment the caller may go and says how long that is from now, so waiting
 * happens on a timer, not on a thread. Thread-safe; the lock covers two arithmetic steps.
 */
final class TokenBucket {
    private final long interval;
    private final long tolerance;
    private long next;
    private boolean started;

    TokenBucket(RateLimit limit) {
        this.interval = limit.intervalNanos();
        this.tolerance = (limit.burst() - 1) * interval;
    }

    /** Takes the next token at {@code now} (nanoTime); returns how many nanoseconds to wait before using it. */
    synchronized long reserve(long now) {
        if (!started) {
            started = true;
            next = now;
        }
        long at = Math.max(now, next - tolerance);
        next = Math.max(next, at) + interval;
        return at - now;
    }

    /** Whether the bucket is full again at {@code now}, so that forgetting it changes nothing. */
    synchronized boolean isIdle(long now) {
        return !started || next <= now;
    }
}
