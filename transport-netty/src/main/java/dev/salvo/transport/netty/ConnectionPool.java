package dev.salvo.transport.netty;

import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportRequest;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every connection of one transport, by origin ({@link HostPool}), under the configured limits:
 * {@code maxConnections} in all and {@code maxConnectionsPerHost} per origin (connecting ones
 * included; exact, never exceeded), at most {@code maxIdleConnections} idle in all, each for at
 * most {@code idleTimeout}. A request beyond a limit waits in its origin's queue for a connection,
 * at most its connect timeout.
 *
 * <p>Counters are atomics and queues are lock-free, so no thread, event loop or caller, ever blocks
 * here. {@link #acquired()} counts the connections held by exchanges: it is back to zero whenever
 * no exchange is in progress, whatever way the last ones ended.
 *
 * <p>An origin's {@link HostPool} is dropped from the map as soon as no exchange and no connection
 * refers to it (so at the latest once its last idle connection has outlived the idle timeout and
 * been closed), and made anew when the origin is asked for again: memory follows the origins in use,
 * not every origin ever seen.
 */
final class ConnectionPool {
    final int maxTotal;
    final int maxPerHost;
    final int maxIdle;
    final long idleTimeoutNanos;
    final Connector connector;
    final AtomicInteger acquired = new AtomicInteger();
    final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicLong retired = new AtomicLong();
    private final ConcurrentHashMap<Origin, HostPool> hosts = new ConcurrentHashMap<>();
    private final Set<Connection> all = ConcurrentHashMap.newKeySet();
    private final EventLoopGroup group;
    private final ScheduledFuture<?> sweeper;
    volatile boolean closed;

    ConnectionPool(TransportConfig config, EventLoopGroup group, Connector connector) {
        this.maxTotal = config.maxConnections();
        this.maxPerHost = config.maxConnectionsPerHost();
        this.maxIdle = config.maxIdleConnections();
        this.idleTimeoutNanos = Math.max(1, config.idleTimeout().toNanos());
        this.group = group;
        this.connector = connector;
        long period = Math.min(TimeUnit.SECONDS.toNanos(30), Math.max(TimeUnit.MILLISECONDS.toNanos(10), idleTimeoutNanos / 2));
        this.sweeper = group.next().scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /**
     * The pool for the request's origin, entered for an exchange ({@link HostPool#enter}): the
     * exchange must {@link HostPool#leave} it when it ends. A pool found retired is replaced.
     */
    HostPool enter(TransportRequest request) {
        Origin key = origin(request);
        for (;;) {
            HostPool hp = hosts.get(key);
            if (hp == null) {
                hp = hosts.computeIfAbsent(key, k -> new HostPool(this, k));
            }
            if (hp.enter()) {
                return hp;
            }
            hosts.remove(key, hp); // retired for good, and about to be removed by whoever retired it
        }
    }

    /** The pool for the request's origin as it is now, made if there is none (for tests: not entered, so it may retire). */
    HostPool host(TransportRequest request) {
        return hosts.computeIfAbsent(origin(request), k -> new HostPool(this, k));
    }

    /** Drops {@code hp} from the map if nothing refers to it any more. */
    void retire(HostPool hp) {
        if (hp.retire()) {
            hosts.remove(hp.origin, hp);
            retired.incrementAndGet();
        }
    }

    /** Origins that have a pool now. */
    int hostPools() {
        return hosts.size();
    }

    /** Pools retired so far. */
    long retiredPools() {
        return retired.get();
    }

    private static Origin origin(TransportRequest request) {
        return new Origin(request.isHttps(), request.uri().getHost(), request.port());
    }

    /** Connections held by exchanges now. */
    int acquired() {
        return acquired.get();
    }

    /** Connections open now (connecting, in use or idle). */
    int open() {
        return total.get();
    }

    int idle() {
        return idleCount.get();
    }

    EventExecutor timer() {
        return group.next();
    }

    void track(Connection c) {
        all.add(c);
        if (closed) {
            c.close();
        }
    }

    boolean reserveTotal() {
        for (;;) {
            int n = total.get();
            if (n >= maxTotal) {
                return false;
            }
            if (total.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void unreserveTotal() {
        total.decrementAndGet();
    }

    boolean reserveIdle() {
        for (;;) {
            int n = idleCount.get();
            if (n >= maxIdle) {
                return false;
            }
            if (idleCount.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** When every slot is taken and some are idle elsewhere, closes one of those so {@code waiting} can get its slot. */
    void evictIdleIfFull(HostPool waiting) {
        if (total.get() < maxTotal || idleCount.get() == 0) {
            return;
        }
        for (HostPool hp : hosts.values()) {
            if (hp != waiting && hp.evictOldest()) {
                return;
            }
        }
    }

    /** Whether every slot is taken while an origin other than {@code host} waits for one (only under a total limit). */
    boolean othersWaitForASlot(HostPool host) {
        if (maxTotal == Integer.MAX_VALUE || total.get() < maxTotal) {
            return false;
        }
        for (HostPool hp : hosts.values()) {
            if (hp != host && hp.hasWaiters()) {
                return true;
            }
        }
        return false;
    }

    void connectionClosed(Connection c, HostPool from) {
        all.remove(c);
        total.decrementAndGet();
        from.drain();
        if (maxTotal != Integer.MAX_VALUE) {
            for (HostPool hp : hosts.values()) {
                if (hp != from && hp.hasWaiters()) {
                    hp.drain();
                }
            }
        }
    }

    /** Fails every waiter with CLIENT_CLOSED and closes every connection; exchanges on them then fail the same way. */
    void close() {
        closed = true;
        sweeper.cancel(false);
        for (HostPool hp : hosts.values()) {
            hp.failWaiters();
        }
        for (Connection c : all) {
            c.close();
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (HostPool hp : hosts.values()) {
            hp.sweep(now, idleTimeoutNanos);
            retire(hp); // one looked up but never entered (see host()) has no other way out
        }
    }

    @Override
    public String toString() {
        return "ConnectionPool[open " + total.get() + ", acquired " + acquired.get() + ", idle " + idleCount.get()
                + ", retired " + retired.get() + ", hosts " + (hosts.size() <= 20 ? hosts.values() : hosts.size()) + "]";
    }

    /** The key of a {@link HostPool}: scheme, host and port. */
    record Origin(boolean https, String host, int port) {
    }
}
