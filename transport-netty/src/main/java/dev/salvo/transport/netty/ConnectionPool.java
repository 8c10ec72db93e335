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

    /** The pool for the request's origin. */
    HostPool host(TransportRequest request) {
        boolean https = request.isHttps();
        Origin key = new Origin(https, request.uri().getHost(), request.port());
        HostPool hp = hosts.get(key);
        return hp != null ? hp : hosts.computeIfAbsent(key, k -> new HostPool(this, k.https, k.host, k.port));
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
        }
    }

    @Override
    public String toString() {
        return "ConnectionPool[open " + total.get() + ", acquired " + acquired.get() + ", idle " + idleCount.get()
                + ", hosts " + hosts.values() + "]";
    }

    private record Origin(boolean https, String host, int port) {
    }
}
