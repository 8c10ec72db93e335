package dev.salvo.internal;

import dev.salvo.RateLimit;
import dev.salvo.SalvoConfig;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's rate limits: one bucket for all its requests and one per host, each optional. Every
 * exchange (attempt, retry or redirect hop) reserves a token from both and waits for the later one.
 */
final class Traffic {
    private final TokenBucket global;
    private final RateLimit perHost;
    private static final int PRUNE_ABOVE = 4096;

    private final Map<String, TokenBucket> hosts = new ConcurrentHashMap<>();

    Traffic(SalvoConfig config) {
        this.global = config.rateLimit() == null ? null : new TokenBucket(config.rateLimit());
        this.perHost = config.rateLimitPerHost();
    }

    boolean isLimited() {
        return global != null || perHost != null;
    }

    /** Reserves the next slot for an exchange with {@code uri} now; returns the nanoseconds to wait, 0 when unlimited. */
    long waitNanos(URI uri) {
        return isLimited() ? reserve(uri, System.nanoTime()) : 0;
    }

    /** Reserves the next slot for an exchange with {@code uri} at {@code now}; returns the nanoseconds to wait. */
    long reserve(URI uri, long now) {
        long wait = global == null ? 0 : global.reserve(now);
        if (perHost != null) {
            if (hosts.size() > PRUNE_ABOVE) {
                hosts.values().removeIf(b -> b.isIdle(now));
            }
            wait = Math.max(wait, hosts.computeIfAbsent(hostKey(uri), h -> new TokenBucket(perHost)).reserve(now));
        }
        return wait;
    }

    /** The host a per-host limit counts against: host name and effective port. */
    static String hostKey(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }
}
