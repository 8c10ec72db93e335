package dev.salvo.internal;

import dev.salvo.Batch;
import dev.salvo.BatchListener;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.SalvoException;
import dev.salvo.spi.Failures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One batch, as its consumer sees it: takes requests from the input a bounded way ahead, hands
 * them to the {@link Launcher}, which starts each as soon as a place is free, and hands back
 * outcomes in completion order.
 *
 * <p>Threads: only the one thread that consumes the batch ({@link #hasNext()}, {@link #next()},
 * {@link #close()}) runs this class, and every field here is its own. It alone pulls the input,
 * calls the listener and builds outcomes, so none of the user's code runs on an I/O thread. What
 * other threads tell it arrives through its {@link Inbox}, which wakes it only when it must act.
 *
 * <p>Input: up to {@code size} requests are taken ahead of a free place, and at most twice the
 * size are taken and not yet handed back at once. Places, per-host limits and the order in which
 * waiting requests and retries get them are the {@link Places}' rules.
 *
 * <p>Deadline: when it passes, every unfinished request is aborted with DEADLINE_EXCEEDED (their
 * connections are closed) and no more input is sent. If the input is a known finite collection,
 * its remaining requests are reported as DEADLINE_EXCEEDED failures without being sent, so that
 * every input request still gets exactly one outcome. {@link #close()} does the same with
 * CANCELLED, for a consumer that stops early.
 */
public final class BatchRun implements Iterator<Outcome>, AutoCloseable {
    private static final BatchListener NO_LISTENER = new BatchListener() { };
    /** The most requests taken from the input in one go before the places are filled from them. */
    private static final int PULL_CHUNK = 256;

    private final Iterator<? extends Request> input;
    private final boolean finiteInput;
    private final int maxHeld;
    private final long deadlineNanos;
    private final BatchListener listener;
    private final Inbox inbox;
    private final Launcher launcher;
    private final Map<Long, Launcher.Entry> unfinished = new HashMap<>();
    private long nextIndex;
    private Outcome ready;
    /** A streamed response handed out last: its place is given back when the consumer comes for the next. */
    private Launcher.Entry streamedLast;

    /**
     * @param finiteInput whether every element of {@code input} counts as submitted (a collection),
     *                    so that a deadline or close reports the unsent rest as failures
     */
    public BatchRun(Engine engine, Scope scope, Iterator<? extends Request> input, boolean finiteInput, Batch batch) {
        this.input = input;
        this.finiteInput = finiteInput;
        int size = batch.size();
        this.maxHeld = size > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : 2 * size;
        this.listener = batch.listener() == null ? NO_LISTENER : batch.listener();
        this.deadlineNanos = batch.deadline() == null ? 0 : System.nanoTime() + batch.deadline().toNanos();
        this.inbox = new Inbox(this::wantsInput);
        this.launcher = new Launcher(engine, scope, batch, inbox, listener != NO_LISTENER);
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
        inbox.close();
        launcher.stop(new SalvoException(ErrorType.CANCELLED, "the batch was closed before this request finished"),
                unfinished.values());
        unfinished.clear();
        inbox.drain();
    }

    private Outcome advance() {
        if (streamedLast != null) {
            launcher.releaseStreamed(streamedLast);
            streamedLast = null;
        }
        while (true) {
            if (launcher.stopped() == null && deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0) {
                launcher.stop(new SalvoException(ErrorType.DEADLINE_EXCEEDED,
                        "the batch deadline passed before this request finished"), unfinished.values());
            }
            fill();
            if (!unfinished.isEmpty() && Thread.currentThread().isInterrupted()) {
                interrupted();
            }
            Inbox.Event event = inbox.poll();
            reportStarted();
            if (event != null) {
                Outcome o = handle(event);
                if (o != null) {
                    return o;
                }
                continue;
            }
            if (unfinished.isEmpty()) {
                return launcher.stopped() != null && finiteInput && input.hasNext() ? unsent() : null;
            }
            inbox.park(launcher.stopped() == null && deadlineNanos != 0
                    ? Math.max(1, deadlineNanos - System.nanoTime()) : Long.MAX_VALUE);
        }
    }

    /** The consumer gave up: cancel everything unfinished and end the call, keeping the interrupt. */
    private void interrupted() {
        SalvoException cancelled = new SalvoException(ErrorType.CANCELLED, "the thread consuming the batch was interrupted",
                new InterruptedException());
        launcher.stop(cancelled, unfinished.values());
        throw cancelled;
    }

    /** Whether to take more input rather than park: the requests ready to start run low. */
    private boolean wantsInput() {
        return unfinished.size() < maxHeld && launcher.wantsInput();
    }

    private Outcome handle(Inbox.Event event) {
        if (event instanceof Inbox.Done d) {
            if (unfinished.remove(d.entry().index) == null) {
                return null;
            }
            if (d.response() != null && d.response().isStreaming()) {
                streamedLast = d.entry();
            }
            return outcome(d);
        }
        Inbox.BackingOff b = (Inbox.BackingOff) event;
        if (unfinished.get(b.entry().index) == b.entry()) {
            listener.onRetried(b.entry().index, b.entry().request, b.attempt(), b.cause());
        }
        return null;
    }

    /** Takes input while fewer than {@code size} requests wait to start, then fills the places. */
    private void fill() {
        while (launcher.stopped() == null && !launcher.isInputDone()) {
            int room = launcher.room(maxHeld - unfinished.size());
            if (room <= 0) {
                return; // enough to start from; take more in one go once half of them have gone
            }
            List<Launcher.Entry> taken = new ArrayList<>(Math.min(room, PULL_CHUNK));
            while (taken.size() < Math.min(room, PULL_CHUNK)) {
                if (!input.hasNext()) {
                    launcher.inputDone();
                    break;
                }
                long index = nextIndex++;
                Request request = input.next();
                Launcher.Entry e = launcher.entry(index, request);
                unfinished.put(index, e);
                listener.onSubmitted(index, request);
                if (request == null) {
                    // A lazy input gave a null: report it in its slot rather than failing the whole batch.
                    e.state = Places.State.ENDED;
                    inbox.failed(e, new SalvoException(ErrorType.INVALID_REQUEST,
                            "the input's request at index " + index + " is null"));
                } else {
                    taken.add(e);
                }
            }
            if (taken.isEmpty()) {
                return;
            }
            launcher.add(taken);
        }
    }

    private void reportStarted() {
        if (listener == NO_LISTENER) {
            return;
        }
        for (Launcher.Entry e; (e = inbox.pollStarted()) != null; ) {
            if (unfinished.get(e.index) == e) {
                listener.onStarted(e.index, e.request);
            }
        }
    }

    private Outcome outcome(Inbox.Done d) {
        Launcher.Entry entry = d.entry();
        if (d.error() != null) {
            SalvoException e = Failures.classify(d.error(), null, Failures.Phase.AWAIT_HEAD);
            listener.onFailed(entry.index, entry.request, e);
            return new Outcome.Failure(entry.index, entry.request, e);
        }
        listener.onSucceeded(entry.index, entry.request, d.response());
        if (!d.response().isStreaming()) {
            listener.onBytes(d.response().body().length);
        }
        return new Outcome.Success(entry.index, entry.request, d.response());
    }

    private Outcome unsent() {
        long index = nextIndex++;
        Request request = input.next();
        SalvoException stopped = launcher.stopped();
        SalvoException e = new SalvoException(stopped.type(), stopped.detail() + "; it was not sent");
        listener.onSubmitted(index, request);
        listener.onFailed(index, request, e);
        return new Outcome.Failure(index, request, e);
    }
}
