package dev.salvo.internal;

import dev.salvo.Batch;
import dev.salvo.BatchListener;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.SalvoException;
import dev.salvo.spi.Failures;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One batch: takes requests from the input a bounded way ahead, starts each as soon as a place is
 * free, and hands back outcomes in completion order.
 *
 * <p>Threads. The one thread that consumes the batch ({@link #hasNext()}/{@link #next()}) is the
 * only one that pulls the input, calls the listener and builds outcomes, so none of the user's
 * code runs on an I/O thread. Starting requests is not tied to it: the thread that ends a request
 * (a transport's, usually) gives its place to the next request at once, from the requests already
 * taken from the input. The consumer is therefore not on the path from one request to the next;
 * it is woken when it has to act: to take more input before the started ones run out, when nothing
 * is in flight, or when it is parked for long. Otherwise it looks for finished requests after a
 * short park of {@value #SHORT_PARK_MICROS} µs, which gathers the outcomes of many requests per
 * wake-up at high rates.
 *
 * <p>Places: at most {@code size} requests hold one at a time, and at most {@code perHost} of
 * them for one host. A request whose host is busy waits, in order, while others go ahead; so does
 * a retry whose backoff is over (ahead of new input), since a request gives its place back while
 * it backs off. Up to {@code size} requests are taken from the input ahead of a free place, and at
 * most twice the size are taken and not yet handed back at once.
 *
 * <p>Deadline: when it passes, every unfinished request is aborted with DEADLINE_EXCEEDED (their
 * connections are closed) and no more input is sent. If the input is a known finite collection,
 * its remaining requests are reported as DEADLINE_EXCEEDED failures without being sent, so that
 * every input request still gets exactly one outcome. {@link #close()} does the same with
 * CANCELLED, for a consumer that stops early.
 */
public final class BatchRun implements Iterator<Outcome>, AutoCloseable {
    private static final BatchListener NO_LISTENER = new BatchListener() { };
    private static final String ANY_HOST = "";
    /** How long the consumer parks, unwoken, while requests are finishing fast. */
    static final long SHORT_PARK_MICROS = 200;
    /** The most requests taken from the input in one go before the places are filled from them. */
    private static final int PULL_CHUNK = 256;

    private static final int RUNNING = 0;
    private static final int PARKED_SHORT = 1;
    private static final int PARKED_LONG = 2;

    private final Engine engine;
    private final Scope scope;
    private final Iterator<? extends Request> input;
    private final boolean finiteInput;
    private final int size;
    private final int perHost;
    private final int maxHeld;
    /** The options of the batch's requests under each request's own. */
    private final Options options;
    private final AtomicInteger retryBudget;
    private final long deadlineNanos;
    private final BatchListener listener;
    private final Thread consumer;

    // any thread
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    /** Requests started since the consumer last told the listener. */
    private final ConcurrentLinkedQueue<Entry> started = new ConcurrentLinkedQueue<>();
    private final AtomicInteger parkState = new AtomicInteger(RUNNING);
    private volatile SalvoException stopped;
    private volatile boolean inputDone;
    private volatile boolean closed;

    // guarded by lock: the places, and the requests waiting for one
    private final Object lock = new Object();
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private final Map<String, ArrayDeque<Entry>> waiting = new LinkedHashMap<>();
    private final Map<String, Integer> activeByHost = new HashMap<>();
    private int active;
    private boolean launching;

    // the consumer's own
    private final Map<Long, Entry> unfinished = new HashMap<>();
    private long nextIndex;
    private Outcome ready;
    private boolean parkedShortInVain;
    /** A streamed response handed out last: its place is given back when the consumer comes for the next. */
    private Entry streamedLast;

    private sealed interface Event {
    }

    /** The request ended (after its callback). */
    private record Done(Entry entry, Response response, Throwable error) implements Event {
    }

    /** An attempt failed; the request gave its place back and waits out its backoff. */
    private record BackingOff(Entry entry, int attempt, SalvoException cause) implements Event {
    }

    /** Where a request taken from the input is; changed under the lock. */
    private enum State { WAITING, HOLDING, BACKING_OFF, ENDED }

    /**
     * @param finiteInput whether every element of {@code input} counts as submitted (a collection),
     *                    so that a deadline or close reports the unsent rest as failures
     */
    public BatchRun(Engine engine, Scope scope, Iterator<? extends Request> input, boolean finiteInput, Batch batch) {
        this.engine = engine;
        this.scope = scope;
        this.input = input;
        this.finiteInput = finiteInput;
        this.size = batch.concurrency();
        // a per-host limit of size or more limits nothing: no per-host bookkeeping then
        this.perHost = batch.perHostLimit() >= size ? Integer.MAX_VALUE : batch.perHostLimit();
        this.maxHeld = size > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : 2 * size;
        this.options = Options.under(engine.config(), scope.retry(), batch.retryPolicy(), batch.streaming());
        this.retryBudget = batch.retryBudgetLimit() < 0 ? null : new AtomicInteger(batch.retryBudgetLimit());
        this.listener = batch.batchListener() == null ? NO_LISTENER : batch.batchListener();
        this.deadlineNanos = batch.deadline() == null ? 0 : System.nanoTime() + batch.deadline().toNanos();
        this.consumer = Thread.currentThread();
        engine.checkOpen();
    }

    @Override
    public boolean hasNext() {
        if (ready == null) {
            ready = advance();
        }
        return ready != null;
    }

    @Override
    public Outcome next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Outcome o = ready;
        ready = null;
        return o;
    }

    /** Cancels what is unfinished and stops taking input. Idempotent. */
    @Override
    public void close() {
        closed = true;
        stop(new SalvoException(ErrorType.CANCELLED, "the batch was closed before this request finished"));
        unfinished.clear();
        drop();
    }

    // ------------------------------------------------------------------ the consumer

    private Outcome advance() {
        if (streamedLast != null) {
            synchronized (lock) {
                release(streamedLast, State.ENDED);
            }
            streamedLast = null;
            launch();
        }
        while (true) {
            if (stopped == null && deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0) {
                stop(new SalvoException(ErrorType.DEADLINE_EXCEEDED, "the batch deadline passed before this request finished"));
            }
            fill();
            if (!unfinished.isEmpty() && Thread.currentThread().isInterrupted()) {
                interrupted();
            }
            Event event = events.poll();
            reportStarted();
            if (event != null) {
                parkedShortInVain = false;
                Outcome o = handle(event);
                if (o != null) {
                    return o;
                }
                continue;
            }
            if (unfinished.isEmpty()) {
                return stopped != null && finiteInput && input.hasNext() ? unsent() : null;
            }
            park();
        }
    }

    /**
     * Waits for events: briefly and unwoken after a wake-up that found some (more are likely on
     * their way), else until woken.
     */
    private void park() {
        boolean shortPark = !parkedShortInVain;
        long nanos = shortPark ? TimeUnit.MICROSECONDS.toNanos(SHORT_PARK_MICROS) : Long.MAX_VALUE;
        if (stopped == null && deadlineNanos != 0) {
            nanos = Math.min(nanos, Math.max(1, deadlineNanos - System.nanoTime()));
        }
        parkState.set(shortPark ? PARKED_SHORT : PARKED_LONG);
        // an event added before the state was published may not have woken us: look again
        if (events.isEmpty() && !wantsInput()) {
            if (nanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, nanos);
            }
            parkedShortInVain = shortPark && events.isEmpty();
        }
        parkState.set(RUNNING);
    }

    /** The consumer gave up: cancel everything unfinished and end the call, keeping the interrupt. */
    private void interrupted() {
        SalvoException cancelled = new SalvoException(ErrorType.CANCELLED, "the thread consuming the batch was interrupted",
                new InterruptedException());
        stop(cancelled);
        throw cancelled;
    }

    /** Wakes the consumer if it is parked for long, or if {@code urgent} and it is parked at all. */
    private void wake(boolean urgent) {
        int s = parkState.get();
        if ((s == PARKED_LONG || (urgent && s == PARKED_SHORT)) && parkState.compareAndSet(s, RUNNING)) {
            LockSupport.unpark(consumer);
        }
    }

    /** Whether the consumer should take more input now (the requests ready to start run low). */
    private boolean wantsInput() {
        if (inputDone || stopped != null || unfinished.size() >= maxHeld) {
            return false;
        }
        synchronized (lock) {
            return needsInput();
        }
    }

    // guarded by lock
    private boolean needsInput() {
        return !inputDone && stopped == null && (pending.size() <= size / 2 || active == 0);
    }

    private Outcome handle(Event event) {
        if (event instanceof Done d) {
            if (unfinished.remove(d.entry.index) == null) {
                return null;
            }
            if (d.response != null && d.response.isStreaming()) {
                streamedLast = d.entry;
            }
            return outcome(d);
        }
        BackingOff b = (BackingOff) event;
        if (unfinished.get(b.entry.index) == b.entry) {
            listener.onRetried(b.entry.index, b.entry.request, b.attempt, b.cause);
        }
        return null;
    }

    /** Takes input while fewer than {@code size} requests wait to start, then fills the places. */
    private void fill() {
        while (stopped == null && !inputDone) {
            int room;
            synchronized (lock) {
                if (pending.size() > size / 2) {
                    return; // enough to start from; take more in one go once half of them have gone
                }
                room = Math.min(size - pending.size(), maxHeld - unfinished.size());
            }
            if (room <= 0) {
                return;
            }
            List<Entry> taken = new ArrayList<>(Math.min(room, PULL_CHUNK));
            while (taken.size() < Math.min(room, PULL_CHUNK)) {
                if (!input.hasNext()) {
                    inputDone = true;
                    break;
                }
                long index = nextIndex++;
                Request request = input.next();
                Entry e = new Entry(index, request, request == null ? ANY_HOST : hostOf(request));
                unfinished.put(index, e);
                listener.onSubmitted(index, request);
                if (request == null) {
                    // A lazy input gave a null: report it in its slot rather than failing the whole batch.
                    e.state = State.ENDED;
                    events.add(new Done(e, null, new SalvoException(ErrorType.INVALID_REQUEST,
                            "the input's request at index " + index + " is null")));
                } else {
                    taken.add(e);
                }
            }
            if (taken.isEmpty()) {
                return;
            }
            synchronized (lock) {
                pending.addAll(taken);
            }
            launch();
        }
    }

    private void reportStarted() {
        if (listener == NO_LISTENER) {
            return;
        }
        for (Entry e; (e = started.poll()) != null; ) {
            if (unfinished.get(e.index) == e) {
                listener.onStarted(e.index, e.request);
            }
        }
    }

    private String hostOf(Request request) {
        if (perHost == Integer.MAX_VALUE) {
            return ANY_HOST;
        }
        URI uri = request.uri(scope.baseUrl());
        return uri.isAbsolute() ? Traffic.hostKey(uri) : ANY_HOST;
    }

    private Outcome outcome(Done d) {
        Request request = d.entry.request;
        if (d.error != null) {
            SalvoException e = Failures.classify(d.error, null, Failures.Phase.AWAIT_HEAD);
            listener.onFailed(d.entry.index, request, e);
            return new Outcome.Failure(d.entry.index, request, e);
        }
        listener.onSucceeded(d.entry.index, request, d.response);
        if (!d.response.isStreaming()) {
            listener.onBytes(d.response.body().length);
        }
        return new Outcome.Success(d.entry.index, request, d.response);
    }

    private Outcome unsent() {
        long index = nextIndex++;
        Request request = input.next();
        SalvoException e = new SalvoException(stopped.type(), stopped.detail() + "; it was not sent");
        listener.onSubmitted(index, request);
        listener.onFailed(index, request, e);
        return new Outcome.Failure(index, request, e);
    }

    private void stop(SalvoException reason) {
        List<Entry> abort = new ArrayList<>();
        synchronized (lock) {
            if (stopped != null) {
                return;
            }
            stopped = reason;
            for (Entry e : unfinished.values()) {
                if (e.state == State.WAITING && e.call == null) {
                    e.state = State.ENDED;
                    events.add(new Done(e, null, notSent(reason, e)));
                } else if (e.state != State.ENDED) {
                    abort.add(e);
                }
            }
            pending.clear();
            waiting.clear();
        }
        for (Entry e : abort) {
            Call c = e.call;
            if (c != null) {
                c.abort(stopError(reason, e));
            }
            // else its launcher sees the stop once its call exists, and aborts it
        }
    }

    private static SalvoException notSent(SalvoException reason, Entry e) {
        return new SalvoException(reason.type(), reason.detail() + "; it was not sent (" + e.request + ")");
    }

    private static SalvoException stopError(SalvoException reason, Entry e) {
        return new SalvoException(reason.type(), reason.detail() + " (" + e.request + ")");
    }

    /** After close: releases what finished meanwhile (a streamed body holds a connection). */
    private void drop() {
        for (Event ev; (ev = events.poll()) != null; ) {
            if (ev instanceof Done d) {
                closeQuietly(d.response);
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

    // ------------------------------------------------------------------ places, from any thread

    /**
     * Gives free places to waiting requests and starts them, one thread at a time: a thread that
     * finds another launching leaves it to that one, which looks again after each start.
     */
    private void launch() {
        synchronized (lock) {
            if (launching) {
                return;
            }
            launching = true;
        }
        boolean done = false;
        try {
            while (true) {
                Entry e;
                synchronized (lock) {
                    e = pick();
                    if (e == null) {
                        launching = false;
                        done = true;
                        return;
                    }
                }
                start(e);
            }
        } finally {
            if (!done) {
                synchronized (lock) {
                    launching = false;
                }
            }
        }
    }

    /** The next request to give a place to, now holding it; null if none can have one. Guarded by lock. */
    private Entry pick() {
        if (stopped != null || active >= size) {
            return null;
        }
        if (!waiting.isEmpty()) {
            for (Iterator<ArrayDeque<Entry>> hosts = waiting.values().iterator(); hosts.hasNext(); ) {
                ArrayDeque<Entry> queue = hosts.next();
                while (!queue.isEmpty() && queue.peek().state != State.WAITING) {
                    queue.poll(); // ended while it waited
                }
                if (queue.isEmpty()) {
                    hosts.remove();
                } else if (hasRoom(queue.peek().host)) {
                    Entry e = queue.poll();
                    if (queue.isEmpty()) {
                        hosts.remove();
                    }
                    return hold(e);
                }
            }
        }
        for (Entry e; (e = pending.poll()) != null; ) {
            if (e.state != State.WAITING) {
                continue;
            }
            if (hasRoom(e.host)) {
                return hold(e);
            }
            waiting.computeIfAbsent(e.host, h -> new ArrayDeque<>()).add(e);
        }
        return null;
    }

    private boolean hasRoom(String host) {
        return perHost == Integer.MAX_VALUE || activeByHost.getOrDefault(host, 0) < perHost;
    }

    private Entry hold(Entry e) {
        e.state = State.HOLDING;
        active++;
        if (perHost != Integer.MAX_VALUE) {
            activeByHost.merge(e.host, 1, Integer::sum);
        }
        return e;
    }

    /** Gives back {@code e}'s place, if it holds one, and moves it to {@code next}. Guarded by lock. */
    private void release(Entry e, State next) {
        if (e.state == State.HOLDING) {
            active--;
            if (perHost != Integer.MAX_VALUE) {
                activeByHost.computeIfPresent(e.host, (h, n) -> n == 1 ? null : n - 1);
            }
        }
        e.state = next;
    }

    /** Starts (or resumes) {@code e}, which holds a place, on the calling thread. */
    private void start(Entry e) {
        Call c = e.call;
        if (c != null) {
            c.resume(false); // ends the call with a typed failure itself, whatever goes wrong
            return;
        }
        if (listener != NO_LISTENER) {
            started.add(e);
        }
        try {
            c = engine.start(e.request, options.of(e.request), scope, e);
        } catch (Throwable failure) {
            ended(e, null, Unexpected.typed(failure, ErrorType.IO, "failed starting " + e.request));
            return;
        }
        e.call = c;
        SalvoException reason = stopped;
        if (reason != null) {
            c.abort(stopError(reason, e));
        }
        engine.afterCallback(c).whenComplete((r, error) -> ended(e, r, error));
    }

    /**
     * {@code e} ended: its place goes to the next request, and the consumer hears of it. A streamed
     * response keeps its place (and its connection) until the consumer has had it and comes back
     * for the next outcome, as it would in a loop reading each body before asking for more.
     */
    private void ended(Entry e, Response r, Throwable error) {
        boolean urgent = true;
        try {
            boolean streamed = r != null && r.isStreaming();
            synchronized (lock) {
                if (!streamed) {
                    release(e, State.ENDED);
                }
                urgent = streamed || active == 0 || needsInput();
            }
            launch();
        } finally {
            // whatever starting the next requests threw, this one's outcome still reaches the consumer
            if (closed) {
                closeQuietly(r);
            } else {
                events.add(new Done(e, r, error));
                wake(urgent);
            }
        }
    }

    /** A request taken from the input and not yet reported; its {@link Slots} talk to this batch. */
    private final class Entry implements Slots {
        final long index;
        final Request request;
        final String host;
        volatile Call call;
        State state = State.WAITING;

        Entry(long index, Request request, String host) {
            this.index = index;
            this.request = request;
            this.host = host;
        }

        @Override
        public boolean takeRetry() {
            return retryBudget == null || retryBudget.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        }

        @Override
        public void backingOff(Call c, int attempt, SalvoException cause) {
            synchronized (lock) {
                if (state != State.HOLDING) {
                    return;
                }
                release(this, State.BACKING_OFF);
            }
            launch();
            events.add(new BackingOff(this, attempt, cause));
            wake(false);
        }

        @Override
        public void resumeWhenFree(Call c) {
            synchronized (lock) {
                if (state != State.BACKING_OFF || stopped != null) {
                    return;
                }
                state = State.WAITING;
                waiting.computeIfAbsent(host, h -> new ArrayDeque<>()).add(this);
            }
            // this is core's timer thread: start the request from the callback pool instead
            try {
                engine.resources().callbacks().execute(Unexpected.guard(BatchRun.this::launch,
                        t -> c.abort(Unexpected.typed(t, ErrorType.IO, "failed resuming " + request))));
            } catch (RejectedExecutionException closing) {
                c.abort(new SalvoException(ErrorType.CLIENT_CLOSED, "the client was closed (" + request + ")", closing));
            }
        }
    }
}
