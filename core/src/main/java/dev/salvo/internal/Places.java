package dev.salvo.internal;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The places of one batch and who gets the next free one: at most {@code size} requests hold a
 * place at a time, and at most {@code perHost} of them for one host.
 *
 * <p>Order. A request whose host has no room waits in that host's queue, in the order requests
 * began to wait, while requests for other hosts go ahead. A free place goes first to the head of
 * the first host queue whose host now has room, then to new input in the order it was taken. A
 * retry whose backoff is over ({@link #requeue}) joins its host's queue at the end, so it goes
 * ahead of new input but never ahead of a request of its host that began to wait before it.
 *
 * <p>Threads: none of its own. It is a plain data structure; its owner ({@link Launcher}) calls
 * it only under one lock, so it can be tested without threads.
 *
 * @param <T> the requests it places
 */
final class Places<T extends Places.Ticket> {
    /** The host of a request when no per-host limit applies, or its URL has no host. */
    static final String ANY_HOST = "";

    /** Where a request taken from the input is. */
    enum State { WAITING, HOLDING, BACKING_OFF, ENDED }

    /** A request as the places see it: its host, and where it is (changed only through its {@link Places}). */
    static class Ticket {
        final String host;
        State state = State.WAITING;

        Ticket(String host) {
            this.host = host;
        }
    }

    private final int size;
    private final int perHost;
    /** New input not yet given a place, in the order it was taken. */
    private final ArrayDeque<T> pending = new ArrayDeque<>();
    /** Requests whose host had no room, by host, each host's in order. */
    private final Map<String, ArrayDeque<T>> waiting = new LinkedHashMap<>();
    private final Map<String, Integer> activeByHost = new HashMap<>();
    private int active;

    /** @param perHost the most places for one host; {@code size} or more means no per-host limit */
    Places(int size, int perHost) {
        this.size = size;
        // a per-host limit of size or more limits nothing: no per-host bookkeeping then
        this.perHost = perHost >= size ? Integer.MAX_VALUE : perHost;
    }

    /** Whether requests are placed per host at all; if not, every request may have {@link #ANY_HOST}. */
    boolean limitsHosts() {
        return perHost != Integer.MAX_VALUE;
    }

    /** How many requests hold a place. */
    int active() {
        return active;
    }

    /** How many new requests wait for their first place (not counting those queued for a busy host). */
    int pending() {
        return pending.size();
    }

    /** Adds new input, in order, behind the input added before. */
    void addAll(Collection<T> taken) {
        pending.addAll(taken);
    }

    /** A request whose backoff is over waits for a place again, at the end of its host's queue. */
    void requeue(T t) {
        t.state = State.WAITING;
        waiting.computeIfAbsent(t.host, h -> new ArrayDeque<>()).add(t);
    }

    /**
     * The next request to give a place to, now holding it; null if none can have one. A request
     * that has ended while it waited is dropped.
     */
    T pick() {
        if (active >= size) {
            return null;
        }
        if (!waiting.isEmpty()) {
            for (Iterator<ArrayDeque<T>> hosts = waiting.values().iterator(); hosts.hasNext(); ) {
                ArrayDeque<T> queue = hosts.next();
                while (!queue.isEmpty() && queue.peek().state != State.WAITING) {
                    queue.poll(); // ended while it waited
                }
                if (queue.isEmpty()) {
                    hosts.remove();
                } else if (hasRoom(queue.peek().host)) {
                    T t = queue.poll();
                    if (queue.isEmpty()) {
                        hosts.remove();
                    }
                    return hold(t);
                }
            }
        }
        for (T t; (t = pending.poll()) != null; ) {
            if (t.state != State.WAITING) {
                continue;
            }
            if (hasRoom(t.host)) {
                return hold(t);
            }
            waiting.computeIfAbsent(t.host, h -> new ArrayDeque<>()).add(t);
        }
        return null;
    }

    /** Gives back {@code t}'s place, if it holds one, and moves it to {@code next}. */
    void release(T t, State next) {
        if (t.state == State.HOLDING) {
            active--;
            if (limitsHosts()) {
                activeByHost.computeIfPresent(t.host, (h, n) -> n == 1 ? null : n - 1);
            }
        }
        t.state = next;
    }

    /** Forgets every request that waits, new or queued for its host; those holding a place keep it. */
    void clearWaiting() {
        pending.clear();
        waiting.clear();
    }

    private boolean hasRoom(String host) {
        return !limitsHosts() || activeByHost.getOrDefault(host, 0) < perHost;
    }

    private T hold(T t) {
        t.state = State.HOLDING;
        active++;
        if (limitsHosts()) {
            activeByHost.merge(t.host, 1, Integer::sum);
        }
        return t;
    }
}
