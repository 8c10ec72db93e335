package dev.salvo.internal;

import dev.salvo.Batch;
import dev.salvo.BatchListener;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Retry;
import dev.salvo.SalvoException;
import dev.salvo.spi.Failures;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One batch: pulls requests from the input only while a place is free, and hands back outcomes
 * in completion order. It is driven entirely by the one thread that consumes it
 * ({@link #hasNext()}/{@link #next()}), so the input iterator, the listener and the error handler
 * all run on that thread, never on an I/O thread; transports and timers only enqueue events.
 *
 * <p>Places: at most {@code size} requests hold one at a time, and at most {@code perHost} of
 * them for one host. A request whose host is busy waits, in order, while others go ahead; so
 * does a retry whose backoff is over, since a request gives its place back while it backs off.
 * At most twice the size of requests are taken from the input and unfinished at once.
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

    private final Engine engine;
    private final Scope scope;
    private final Iterator<? extends Request> input;
    private final boolean finiteInput;
    private final int size;
    private final int perHost;
    private final int maxHeld;
    private final boolean stream;
    private final Retry retry;
    private final AtomicInteger retryBudget;
    private final long deadlineNanos;
    private final BatchListener listener;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Long, Entry> unfinished = new HashMap<>();
    private final Map<String, ArrayDeque<Entry>> waiting = new LinkedHashMap<>();
    private final Map<String, Integer> activeByHost = new HashMap<>();
    private int active;
    private long nextIndex;
    private Outcome ready;
    private SalvoException stopped;

    private sealed interface Event {
    }

    /** The request ended (after its callback). */
    private record Done(Entry entry, Response response, Throwable error) implements Event {
    }

    /** An attempt failed; the request gave its place back and waits out its backoff. */
    private record BackingOff(Entry entry, int attempt, SalvoException cause) implements Event {
    }

    /** The backoff is over; the request wants a place again. */
    private record Ready(Entry entry) implements Event {
    }

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
        this.perHost = Math.min(batch.perHostLimit(), size);
        this.maxHeld = size > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : 2 * size;
        this.stream = batch.streaming();
        this.retry = batch.retryPolicy();
        this.retryBudget = batch.retryBudgetLimit() < 0 ? null : new AtomicInteger(batch.retryBudgetLimit());
        this.listener = batch.batchListener() == null ? NO_LISTENER : batch.batchListener();
        this.deadlineNanos = batch.deadline() == null ? 0 : System.nanoTime() + batch.deadline().toNanos();
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
        stop(new SalvoException(ErrorType.CANCELLED, "the batch was closed before this request finished"));
        unfinished.clear();
        events.clear();
    }

    private Outcome advance() {
        while (true) {
            if (stopped == null && deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0) {
                stop(new SalvoException(ErrorType.DEADLINE_EXCEEDED, "the batch deadline passed before this request finished"));
            }
            fill();
            if (unfinished.isEmpty() && events.isEmpty()) {
                return stopped != null && finiteInput && input.hasNext() ? unsent() : null;
            }
            Event event;
            try {
                if (stopped != null || deadlineNanos == 0) {
                    event = events.take();
                } else {
                    event = events.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                // The consumer gave up: cancel everything unfinished and end the call, keeping the interrupt.
                Thread.currentThread().interrupt();
                SalvoException cancelled = new SalvoException(ErrorType.CANCELLED, "the thread consuming the batch was interrupted", e);
                stop(cancelled);
                throw cancelled;
            }
            Outcome o = event == null ? null : handle(event);
            if (o != null) {
                return o;
            }
        }
    }

    private Outcome handle(Event event) {
        if (event instanceof Done d) {
            if (unfinished.remove(d.entry.index) == null) {
                return null;
            }
            release(d.entry);
            return outcome(d);
        }
        if (event instanceof BackingOff b) {
            if (unfinished.get(b.entry.index) == b.entry) {
                release(b.entry);
                listener.onRetried(b.entry.index, b.entry.request, b.attempt, b.cause);
            }
            return null;
        }
        Entry e = ((Ready) event).entry;
        if (stopped == null && unfinished.get(e.index) == e) {
            waiting.computeIfAbsent(e.host, h -> new ArrayDeque<>()).add(e);
        }
        return null;
    }

    /** Gives places to waiting requests, then takes new input while places are free. */
    private void fill() {
        if (stopped != null) {
            return;
        }
        if (!waiting.isEmpty() && active < size) {
            for (Iterator<ArrayDeque<Entry>> hosts = waiting.values().iterator(); hosts.hasNext() && active < size; ) {
                ArrayDeque<Entry> queue = hosts.next();
                while (!queue.isEmpty() && active < size && hasRoom(queue.peek().host)) {
                    Entry e = queue.poll();
                    if (unfinished.get(e.index) == e) {
                        run(e);
                    }
                }
                if (queue.isEmpty()) {
                    hosts.remove();
                }
            }
        }
        while (stopped == null && active < size && unfinished.size() < maxHeld && input.hasNext()) {
            long index = nextIndex++;
            Request request = input.next();
            Entry e = new Entry(index, request, request == null ? ANY_HOST : hostOf(request));
            unfinished.put(index, e);
            listener.onSubmitted(index, request);
            if (request == null) {
                // A lazy input gave a null: report it in its slot rather than failing the whole batch.
                events.add(new Done(e, null, new SalvoException(ErrorType.INVALID_REQUEST,
                        "the input's request at index " + index + " is null")));
            } else if (hasRoom(e.host)) {
                run(e);
            } else {
                waiting.computeIfAbsent(e.host, h -> new ArrayDeque<>()).add(e);
            }
        }
    }

    private boolean hasRoom(String host) {
        return perHost == Integer.MAX_VALUE || activeByHost.getOrDefault(host, 0) < perHost;
    }

    /** Gives {@code e} a place and starts (or resumes) it. */
    private void run(Entry e) {
        e.holding = true;
        active++;
        if (perHost != Integer.MAX_VALUE) {
            activeByHost.merge(e.host, 1, Integer::sum);
        }
        if (e.call != null) {
            e.call.resume();
            return;
        }
        e.call = engine.start(e.request, scope, stream, retry, e);
        listener.onStarted(e.index, e.request);
        engine.afterCallback(e.call).whenComplete((r, error) -> events.add(new Done(e, r, error)));
    }

    private void release(Entry e) {
        if (!e.holding) {
            return;
        }
        e.holding = false;
        active--;
        if (perHost != Integer.MAX_VALUE) {
            activeByHost.computeIfPresent(e.host, (h, n) -> n == 1 ? null : n - 1);
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
        if (stopped != null) {
            return;
        }
        stopped = reason;
        for (Entry e : unfinished.values()) {
            if (e.call != null) {
                e.call.abort(new SalvoException(reason.type(), reason.detail() + " (" + e.request + ")"));
            } else if (e.request != null) {
                events.add(new Done(e, null, new SalvoException(reason.type(), reason.detail() + "; it was not sent ("
                        + e.request + ")")));
            }
        }
        waiting.clear();
    }

    /** A request taken from the input and not yet reported; its {@link Slots} talk to this batch. */
    private final class Entry implements Slots {
        final long index;
        final Request request;
        final String host;
        Call call;
        boolean holding;

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
            events.add(new BackingOff(this, attempt, cause));
        }

        @Override
        public void resumeWhenFree(Call c) {
            events.add(new Ready(this));
        }
    }
}
