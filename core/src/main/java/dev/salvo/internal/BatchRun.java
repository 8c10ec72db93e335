package dev.salvo.internal;

import dev.salvo.Batch;
import dev.salvo.BatchListener;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.SalvoException;
import dev.salvo.spi.Failures;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One batch: pulls requests from the input only while fewer than {@code size} are in flight,
 * and hands back outcomes in completion order. It is driven entirely by the one thread that
 * consumes it ({@link #hasNext()}/{@link #next()}), so the input iterator, the listener and the
 * error handler all run on that thread, never on an I/O thread; completions from the transport
 * only enqueue.
 *
 * <p>Deadline: when it passes, every request in flight is aborted with DEADLINE_EXCEEDED (their
 * connections are closed) and no more input is sent. If the input is a known finite collection,
 * its remaining requests are reported as DEADLINE_EXCEEDED failures without being sent, so that
 * every input request still gets exactly one outcome. {@link #close()} does the same with
 * CANCELLED, for a consumer that stops early.
 */
public final class BatchRun implements Iterator<Outcome>, AutoCloseable {
    private static final BatchListener NO_LISTENER = new BatchListener() { };

    private final Engine engine;
    private final Scope scope;
    private final Iterator<? extends Request> input;
    private final boolean finiteInput;
    private final int size;
    private final boolean stream;
    private final long deadlineNanos;
    private final BatchListener listener;
    private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    private final Map<Long, Call> inFlight = new HashMap<>();
    private long nextIndex;
    private Outcome ready;
    private SalvoException stopped;

    private record Done(long index, Call call, Response response, Throwable error) {
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
        this.stream = batch.streaming();
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

    /** Cancels what is in flight and stops taking input. Idempotent. */
    @Override
    public void close() {
        stop(new SalvoException(ErrorType.CANCELLED, "the batch was closed before this request finished"));
        inFlight.clear();
        done.clear();
    }

    private Outcome advance() {
        while (true) {
            if (stopped == null && deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0) {
                stop(new SalvoException(ErrorType.DEADLINE_EXCEEDED, "the batch deadline passed before this request finished"));
            }
            fill();
            if (inFlight.isEmpty() && done.isEmpty()) {
                return stopped != null && finiteInput && input.hasNext() ? unsent() : null;
            }
            Done d;
            try {
                if (stopped != null || deadlineNanos == 0) {
                    d = done.take();
                } else {
                    d = done.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                // The consumer gave up: cancel everything in flight and end the call, keeping the interrupt.
                Thread.currentThread().interrupt();
                SalvoException cancelled = new SalvoException(ErrorType.CANCELLED, "the thread consuming the batch was interrupted", e);
                stop(cancelled);
                throw cancelled;
            }
            if (d == null) {
                continue;
            }
            inFlight.remove(d.index);
            return outcome(d);
        }
    }

    private void fill() {
        while (stopped == null && inFlight.size() < size && input.hasNext()) {
            long index = nextIndex++;
            Request request = input.next();
            if (request == null) {
                // A lazy input gave a null: report it in its slot rather than failing the whole batch.
                SalvoException e = new SalvoException(ErrorType.INVALID_REQUEST, "the input's request at index " + index + " is null");
                listener.onSubmitted(index, null);
                done.add(new Done(index, null, null, e));
                inFlight.put(index, null);
                continue;
            }
            listener.onSubmitted(index, request);
            Call call = engine.start(request, scope, stream);
            inFlight.put(index, call);
            listener.onStarted(index, request);
            engine.afterCallback(call).whenComplete((r, e) -> done.add(new Done(index, call, r, e)));
        }
    }

    private Outcome outcome(Done d) {
        Request request = d.call == null ? null : d.call.request();
        if (d.error != null) {
            SalvoException e = Failures.classify(d.error, null, Failures.Phase.AWAIT_HEAD);
            listener.onFailed(d.index, request, e);
            return new Outcome.Failure(d.index, request, e);
        }
        listener.onSucceeded(d.index, request, d.response);
        if (!d.response.isStreaming()) {
            listener.onBytes(d.response.body().length);
        }
        return new Outcome.Success(d.index, request, d.response);
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
        for (Call call : inFlight.values()) {
            if (call != null) {
                call.abort(new SalvoException(reason.type(), reason.detail() + " (" + call.request() + ")"));
            }
        }
    }
}
