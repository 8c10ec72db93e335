package dev.salvo.testserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe counters of one {@link TestServer}, across all its ports.
 *
 * <p>A request is <em>in flight</em> from the moment its request head is parsed until the last byte of its
 * response has been written to the socket, or its connection closed, whichever comes first; each request
 * leaves the in-flight count exactly once.
 *
 * <p>Every read (and {@link #reset()}) first lets the server's event loops finish the work they are in the middle of,
 * so a client that has received its whole response never sees that request still counted in flight (the counter is
 * decremented by the write-completion callback, which may run a moment after the bytes left).
 */
public final class Stats {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicLong requestsReceived = new AtomicLong();

    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
    private volatile Runnable settle = () -> { };

    Stats() {
    }

    /** Installs the barrier run before reads: waits until the event loops have finished their current tasks. */
    void settleWith(Runnable barrier) {
        this.settle = barrier;
    }

    private void settle() {
        settle.run();
    }

    /** Requests whose head arrived and whose response is not fully written (nor their connection closed). */
    public int inFlight() {
        settle();
        return inFlight.get();
    }

    /** Highest {@link #inFlight()} since the last {@link #reset()}. */
    public int peakInFlight() {
        settle();
        return peakInFlight.get();
    }

    /** TCP connections accepted since the last {@link #reset()}, all ports. */
    public long connectionsAccepted() {
        settle();
        return connectionsAccepted.get();
    }

    /** TCP connections currently open, all ports (not affected by {@link #reset()}). */
    public int openConnections() {
        settle();
        return openConnections.get();
    }

    /** Request heads received since the last {@link #reset()}. */
    public long requestsReceived() {
        settle();
        return requestsReceived.get();
    }

    /**
     * When requests to {@code /salvo/flaky/{key}} and {@code /salvo/stamp/{key}} arrived, as
     * {@link System#nanoTime()} values of this JVM, in order; empty for an unknown key.
     */
    public List<Long> arrivals(String key) {
        settle();
        List<Long> list = arrivals.get(key);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** Zeroes accepted connections and received requests and forgets arrivals; the peak becomes the current in-flight count. */
    public void reset() {
        settle();
        arrivals.clear();
        connectionsAccepted.set(0);
        requestsReceived.set(0);
        peakInFlight.set(inFlight.get());
    }

    @Override
    public String toString() {
        settle();
        return "Stats{inFlight=" + inFlight.get() + ", peakInFlight=" + peakInFlight.get()
                + ", connectionsAccepted=" + connectionsAccepted.get() + ", openConnections=" + openConnections.get()
                + ", requestsReceived=" + requestsReceived.get() + '}';
    }

    // --- package-private hooks for the server ---

    void requestStarted() {
        requestsReceived.incrementAndGet();
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
    }

    /** Records an arrival under {@code key}; returns its number for the key, from 1. */
    int arrived(String key) {
        long now = System.nanoTime();
        List<Long> list = arrivals.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (list) {
            list.add(now);
            return list.size();
        }
    }

    void requestFinished() {
        inFlight.decrementAndGet();
    }

    void connectionOpened() {
        connectionsAccepted.incrementAndGet();
        openConnections.incrementAndGet();
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }
}
