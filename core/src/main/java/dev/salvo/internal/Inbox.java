package dev.salvo.internal;

import dev.salvo.Response;
import dev.salvo.SalvoException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What reaches a batch's consumer from the threads that end its requests, and the park/wake
 * protocol between them.
 *
 * <p>Threads: any thread adds (an ended request, a backoff, a start to report) and wakes the
 * consumer; only the consumer, the thread that created the inbox, polls and parks. The consumer is
 * woken only when it has to act ({@code urgent}: an outcome while the input runs low or nothing
 * is in flight, a streamed response) or when it is parked for long; otherwise it looks again
 * after a short park of {@value #SHORT_PARK_MICROS} µs, which gathers the outcomes of many
 * requests per wake-up at high rates and keeps it off the path from one request to the next.
 * A park that found nothing makes the next one long, until woken.
 */
final class Inbox {
    /** How long the consumer parks, unwoken, while requests are finishing fast. */
    static final long SHORT_PARK_MICROS = 200;

    private static final int RUNNING = 0;
    private static final int PARKED_SHORT = 1;
    private static final int PARKED_LONG = 2;

    /** Something the consumer must hear of. */
    sealed interface Event {
    }

    /** The request ended (after its callback), with {@code response} or {@code error}. */
    record Done(Launcher.Entry entry, Response response, Throwable error) implements Event {
    }

    /** An attempt failed; the request gave its place back and waits out its backoff. */
    record BackingOff(Launcher.Entry entry, int attempt, SalvoException cause) implements Event {
    }

    private final Thread consumer = Thread.currentThread();
    /** Whether the consumer would rather take input than park: asked once more after publishing a park. */
    private final BooleanSupplier wantsInput;
    // any thread
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    /** Requests started since the consumer last told the listener. */
    private final ConcurrentLinkedQueue<Launcher.Entry> started = new ConcurrentLinkedQueue<>();
    private final AtomicInteger parkState = new AtomicInteger(RUNNING);
    private volatile boolean closed;
    // the consumer's own
    private boolean parkedShortInVain;

    Inbox(BooleanSupplier wantsInput) {
        this.wantsInput = wantsInput;
    }

    /** From any thread: {@code e} ended; after {@link #close()} its response is released instead. */
    void ended(Launcher.Entry e, Response r, Throwable error, boolean urgent) {
        if (closed) {
            closeQuietly(r);
        } else {
            events.add(new Done(e, r, error));
            wake(urgent);
        }
    }

    /** From any thread: {@code e} gave its place back to wait out a backoff. */
    void backingOff(Launcher.Entry e, int attempt, SalvoException cause) {
        events.add(new BackingOff(e, attempt, cause));
        wake(false);
    }

    /** The consumer's: {@code e} ended with {@code error} before it was started. */
    void failed(Launcher.Entry e, SalvoException error) {
        events.add(new Done(e, null, error));
    }

    /** From any thread: {@code e} started, for the listener. */
    void started(Launcher.Entry e) {
        started.add(e);
    }

    /** The consumer's: the next start to report, or null. */
    Launcher.Entry pollStarted() {
        return started.poll();
    }

    /** The consumer's: the next event, or null. */
    Event poll() {
        Event e = events.poll();
        if (e != null) {
            parkedShortInVain = false;
        }
        return e;
    }

    /**
     * The consumer's: waits for events, at most {@code limitNanos}: briefly and unwoken after a
     * wake-up that found some (more are likely on their way), else until woken.
     */
    void park(long limitNanos) {
        boolean shortPark = !parkedShortInVain;
        long nanos = Math.min(shortPark ? TimeUnit.MICROSECONDS.toNanos(SHORT_PARK_MICROS) : Long.MAX_VALUE, limitNanos);
        parkState.set(shortPark ? PARKED_SHORT : PARKED_LONG);
        // an event added before the state was published may not have woken us: look again
        if (events.isEmpty() && !wantsInput.getAsBoolean()) {
            if (nanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, nanos);
            }
            parkedShortInVain = shortPark && events.isEmpty();
        }
        parkState.set(RUNNING);
    }

    /** Wakes the consumer if it is parked for long, or if {@code urgent} and it is parked at all. */
    void wake(boolean urgent) {
        int s = parkState.get();
        if ((s == PARKED_LONG || (urgent && s == PARKED_SHORT)) && parkState.compareAndSet(s, RUNNING)) {
            LockSupport.unpark(consumer);
        }
    }

    /** The consumer's, once: from now on the response of a request that ends is released, not handed on. */
    void close() {
        closed = true;
    }

    /** The consumer's, after {@link #close()}: releases what ended meanwhile (a streamed body holds a connection). */
    void drain() {
        for (Event ev; (ev = events.poll()) != null; ) {
            if (ev instanceof Done d) {
                closeQuietly(d.response());
            }
        }
        started.clear();
    }

    private static void closeQuietly(Response r) {
        if (r != null) {
            try {
                r.close();
            } catch (RuntimeException ignored) {
                // releasing a response nobody will read; nothing to report
            }
        }
    }
}
