package dev.salvo.transport.netty;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections to one origin (scheme, host, port): idle ones, the count of open ones (connecting
 * included) against the per-host limit, and the exchanges waiting for one.
 *
 * <p>It lives only while something needs it, so that a crawl over millions of origins keeps one
 * for each origin in use, not for each one ever seen: {@link #refs} counts the exchanges that
 * {@link #enter}ed it and have not ended, plus its open connections' slots. When that count is zero
 * the pool {@link ConnectionPool#retire retires} it, for good (a compare-and-set from 0 to
 * {@value #RETIRED}): nothing can enter it afterwards, so no exchange or connection is ever left
 * on a pool that is no longer in the map, and a new pool for the same origin starts empty, which
 * keeps the per-host limit exact.
 *
 * <p>Lock-free: idle connections sit in a deque (most recently used first), waiters in a queue, and
 * whoever removes an element owns it, so a waiter is either granted a connection, timed out, or
 * cancelled, never two of these. Both sides publish, then check: a releasing thread puts the
 * connection back and then looks for waiters; a waiting thread queues itself and then looks for a
 * connection ({@link #drain}). Neither can miss the other.
 */
final class HostPool {
    private static final int RETIRED = -1;

    final ConnectionPool pool;
    final ConnectionPool.Origin origin;
    final boolean https;
    final String host;
    final int port;
    /** The Host header for this origin: the port only when it is not the scheme's default. */
    final String hostHeader;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedQueue<Exchange> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    /** Live exchanges that entered, plus open slots; {@value #RETIRED} once retired. */
    private final AtomicInteger refs = new AtomicInteger();

    HostPool(ConnectionPool pool, ConnectionPool.Origin origin) {
        this.pool = pool;
        this.origin = origin;
        this.https = origin.https();
        this.host = origin.host();
        this.port = origin.port();
        this.hostHeader = port == (https ? 443 : 80) ? host : host + ":" + port;
    }

    /** Takes a reference on this pool, for an exchange until it ends or for a slot until it closes; false once retired. */
    boolean enter() {
        for (;;) {
            int n = refs.get();
            if (n == RETIRED) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reference; the last one retires the pool. */
    void leave() {
        if (refs.decrementAndGet() == 0) {
            pool.retire(this);
        }
    }

    /** Retires the pool if nothing refers to it; true when it did (once, for good). */
    boolean retire() {
        return refs.compareAndSet(0, RETIRED);
    }

    /** Gives {@code ex} an idle connection, a new one, or a place in the queue. */
    void acquire(Exchange ex) {
        Connection c = pollIdle();
        if (c != null) {
            ex.assign(c);
            return;
        }
        if (reserve()) {
            pool.connector.open(this, ex);
            return;
        }
        ex.startWaiting(pool.timer());
        waiters.offer(ex);
        if (pool.closed) {
            failWaiters();
            return;
        }
        pool.evictIdleIfFull(this);
        drain();
    }

    /** Hands out idle connections and free slots to waiters while there are both. */
    void drain() {
        while (!waiters.isEmpty()) {
            Connection c = pollIdle();
            boolean fresh = c == null;
            if (fresh && !reserve()) {
                return;
            }
            Exchange w = pollWaiter();
            if (w == null) {
                if (fresh) {
                    unreserve();
                } else {
                    pool.acquired.decrementAndGet();
                    offerIdle(c);
                }
                continue; // a waiter may have queued while we held the connection
            }
            if (fresh) {
                pool.connector.open(this, w);
            } else {
                w.assign(c);
            }
        }
    }

    /** Removes a waiter that timed out or was cancelled; true when it was still waiting. */
    boolean removeWaiter(Exchange ex) {
        return waiters.remove(ex);
    }

    /**
     * Takes back a connection an exchange held. A reusable one goes idle (or to a waiter); any
     * other is closed, and its slot is freed when the close completes.
     */
    void release(Connection c, boolean reusable) {
        pool.acquired.decrementAndGet();
        if (!reusable || pool.closed || !c.isActive()) {
            c.close();
            return;
        }
        Exchange w = pollWaiter();
        if (w != null) {
            pool.acquired.incrementAndGet();
            w.assign(c);
            return;
        }
        if (pool.othersWaitForASlot(this)) {
            c.close(); // all slots taken and another origin waits: its slot is this one
            return;
        }
        offerIdle(c);
        drain();
    }

    /** The channel of {@code c} closed: frees its slot and lets waiters (here or, under a total limit, elsewhere) in. */
    void closed(Connection c) {
        if (!c.freeSlot()) {
            return;
        }
        if (idle.remove(c)) {
            pool.idleCount.decrementAndGet();
        }
        open.decrementAndGet();
        pool.connectionClosed(c, this);
        leave();
    }

    boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    int openConnections() {
        return open.get();
    }

    /** Closes idle connections idle for {@code idleTimeoutNanos} or longer (oldest at the tail). */
    void sweep(long now, long idleTimeoutNanos) {
        for (Iterator<Connection> it = idle.descendingIterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (now - c.idleSince < idleTimeoutNanos) {
                return;
            }
            evict(c);
        }
    }

    /** Closes the oldest idle connection; false when there is none. */
    boolean evictOldest() {
        Connection c = idle.peekLast();
        return c != null && evict(c);
    }

    void failWaiters() {
        Exchange w;
        while ((w = waiters.poll()) != null) {
            w.failClosed();
        }
    }

    private boolean evict(Connection c) {
        if (idle.remove(c)) {
            pool.idleCount.decrementAndGet();
            c.close();
            return true;
        }
        return false;
    }

    private Connection pollIdle() {
        long timeout = pool.idleTimeoutNanos;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            pool.idleCount.decrementAndGet();
            if (c.isActive() && System.nanoTime() - c.idleSince < timeout) {
                pool.acquired.incrementAndGet();
                return c;
            }
            c.close();
        }
        return null;
    }

    private void offerIdle(Connection c) {
        if (!pool.reserveIdle()) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        idle.offerFirst(c);
        if (pool.closed) {
            evict(c);
        }
    }

    private Exchange pollWaiter() {
        Exchange w;
        while ((w = waiters.poll()) != null) {
            if (!w.isDone()) {
                w.stopWaiting();
                return w;
            }
        }
        return null;
    }

    /** A slot for a new connection, holding a reference on this pool until it closes. */
    private boolean reserve() {
        if (!enter()) {
            return false; // retired: only a drain for waiters that have all ended gets here
        }
        for (;;) {
            int n = open.get();
            if (n >= pool.maxPerHost) {
                leave();
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                break;
            }
        }
        if (pool.reserveTotal()) {
            return true;
        }
        open.decrementAndGet();
        leave();
        return false;
    }

    private void unreserve() {
        open.decrementAndGet();
        pool.unreserveTotal();
        leave();
    }

    @Override
    public String toString() {
        return (https ? "https://" : "http://") + hostHeader + " [open " + open.get() + ", idle " + idle.size()
                + ", waiting " + waiters.size() + ", refs " + refs.get() + "]";
    }
}
