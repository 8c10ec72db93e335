package dev.salvo;

import java.time.Duration;
import java.util.Objects;

/**
 * A smooth limit on requests per unit of time: a token bucket that refills at a steady rate and
 * holds at most {@link #burst()} tokens. Set on a client, for all its requests
 * ({@link SalvoConfig.Settings#rateLimit}) or for each host separately
 * ({@link SalvoConfig.Settings#rateLimitPerHost}); every exchange takes a token, retries and
 * redirect hops included.
 *
 * <p>A request that finds no token waits for one on a timer, holding no connection and no
 * thread. With the default burst of 1, requests leave evenly spaced, one every
 * {@code 1/rate} seconds.
 */
public final class RateLimit {
    private final double perSecond;
    private final int burst;

    private RateLimit(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** At most {@code requests} per second, evenly spaced (burst 1). */
    public static RateLimit perSecond(double requests) {
        if (!(requests > 0) || Double.isInfinite(requests)) {
            throw new IllegalArgumentException("rate limit: requests per second must be a positive finite number, got "
                    + requests);
        }
        return new RateLimit(requests, 1);
    }

    /** At most {@code requests} per {@code period}, evenly spaced (burst 1). */
    public static RateLimit of(int requests, Duration period) {
        Objects.requireNonNull(period, "rate limit period");
        if (requests < 1) {
            throw new IllegalArgumentException("rate limit: requests per period must be >= 1, got " + requests);
        }
        Checks.checkDuration("rate limit period", period);
        return perSecond(requests / (period.toNanos() / 1e9));
    }

    /** A copy that lets up to {@code burst} requests through at once after a quiet spell. */
    public RateLimit withBurst(int burst) {
        if (burst < 1) {
            throw new IllegalArgumentException("rate limit burst: must be >= 1, got " + burst);
        }
        return new RateLimit(perSecond, burst);
    }

    /** Requests per second. */
    public double perSecond() {
        return perSecond;
    }

    /** Requests let through at once after a quiet spell. */
    public int burst() {
        return burst;
    }

    /** The steady spacing between requests, in nanoseconds. */
    public long intervalNanos() {
        return Math.max(1, Math.round(1e9 / perSecond));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimit r && r.perSecond == perSecond && r.burst == burst;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(perSecond) * 31 + burst;
    }

    @Override
    public String toString() {
        return "RateLimit[" + perSecond + "/s, burst " + burst + "]";
    }
}
