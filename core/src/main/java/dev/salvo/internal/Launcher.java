package dev.salvo.internal;

import dev.salvo.Batch;
import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.SalvoException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a batch's requests as places come free ({@link Places}), on whichever thread frees one:
 * the thread that ends a request (a transport's, usually) gives its place to the next request at
 * once and starts it, so the consumer is not on the path from one request to the next. A retry
 * gives its place back while it backs off and asks for one again when the wait is over
 * ({@link Entry}, the batch's {@link Slots}).
 *
 * <p>Threads: any thread calls it. The places and {@code launching} are guarded by {@code lock};
 * one thread launches at a time: a thread that finds another launching leaves the work to that
 * one, which looks again after each start. A request is started outside the lock. The consumer
 * alone adds input, marks the input done, and stops the batch ({@link #stop}), which is written
 * once under the lock and read by any thread.
 */
final class Launcher {
    private final Engine engine;
    private final Scope scope;
    private final Options options;
    private final Inbox inbox;
    private final int size;
    private final boolean reportStarts;
    private final AtomicInteger retryBudget;

    private final Object lock = new Object();
    // guarded by lock
    private final Places<Entry> places;
    private boolean launching;
    // written by the consumer, read by any thread
    private volatile SalvoException stopped;
    private volatile boolean inputDone;

    /** @param reportStarts whether starts are handed to the consumer for its listener */
    Launcher(Engine engine, Scope scope, Batch batch, Inbox inbox, boolean reportStarts) {
        this.engine = engine;
        this.scope = scope;
        this.options = Options.under(engine.config(), scope.retry(), batch.retry(), batch.stream());
        this.inbox = inbox;
        this.size = batch.size();
        this.reportStarts = reportStarts;
        this.retryBudget = batch.retryBudget() < 0 ? null : new AtomicInteger(batch.retryBudget());
        this.places = new Places<>(size, batch.perHost());
    }

    /** The consumer's: an entry for the input's request number {@code index} (null if the input gave null). */
    Entry entry(long index, Request request) {
        String host = Places.ANY_HOST;
        if (request != null && places.limitsHosts()) {
            URI uri = request.uri(scope.baseUrl());
            host = uri.isAbsolute() ? Traffic.hostKey(uri) : Places.ANY_HOST;
        }
        return new Entry(index, request, host);
    }

    /** Why the batch stopped (its deadline passed, it was closed), or null while it runs. */
    SalvoException stopped() {
        return stopped;
    }

    /** The consumer's: the input has no more requests. */
    void inputDone() {
        inputDone = true;
    }

    boolean isInputDone() {
        return inputDone;
    }

    /**
     * The consumer's: how many requests to take from the input now, at most {@code unheld}: none
     * while more than half of {@code size} are still waiting to start, else up to {@code size} waiting.
     */
    int room(int unheld) {
        synchronized (lock) {
            int pending = places.pending();
            return pending > size / 2 ? 0 : Math.min(size - pending, unheld);
        }
    }

    /** The consumer's: requests taken from the input wait for places, in order; then the free places are filled. */
    void add(List<Entry> taken) {
        synchronized (lock) {
            places.addAll(taken);
        }
        launch();
    }

    /** Whether the consumer should take more input now (the requests ready to start run low). */
    boolean wantsInput() {
        if (inputDone || stopped != null) {
            return false;
        }
        synchronized (lock) {
            return needsInput();
        }
    }

    // guarded by lock
    private boolean needsInput() {
        return !inputDone && stopped == null && (places.pending() <= size / 2 || places.active() == 0);
    }

    /** The consumer's: the streamed response it handed out last gives back its place. */
    void releaseStreamed(Entry e) {
        synchronized (lock) {
            places.release(e, Places.State.ENDED);
        }
        launch();
    }

    /**
     * The consumer's, once: stops taking input and ends every request of {@code unfinished}: one
     * not started yet fails with {@code reason} (through the inbox), one started is aborted.
     */
    void stop(SalvoException reason, Collection<Entry> unfinished) {
        List<Entry> abort = new ArrayList<>();
        synchronized (lock) {
            if (stopped != null) {
                return;
            }
            stopped = reason;
            for (Entry e : unfinished) {
                if (e.state == Places.State.WAITING && e.call == null) {
                    e.state = Places.State.ENDED;
                    inbox.failed(e, new SalvoException(reason.type(), reason.detail() + "; it was not sent (" + e.request + ")"));
                } else if (e.state != Places.State.ENDED) {
                    abort.add(e);
                }
            }
            places.clearWaiting();
        }
        for (Entry e : abort) {
            Call c = e.call;
            if (c != null) {
                c.abort(stopError(reason, e));
            }
            // else its launcher sees the stop once its call exists, and aborts it
        }
    }

    private static SalvoException stopError(SalvoException reason, Entry e) {
        return new SalvoException(reason.type(), reason.detail() + " (" + e.request + ")");
    }

    /** Gives free places to waiting requests and starts them, one thread at a time. */
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
                    e = stopped != null ? null : places.pick();
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

    /** Starts (or resumes) {@code e}, which holds a place, on the calling thread. */
    private void start(Entry e) {
        Call c = e.call;
        if (c != null) {
            c.resume(false); // ends the call with a typed failure itself, whatever goes wrong
            return;
        }
        if (reportStarts) {
            inbox.started(e);
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
                    places.release(e, Places.State.ENDED);
                }
                urgent = streamed || places.active() == 0 || needsInput();
            }
            launch();
        } finally {
            // whatever starting the next requests threw, this one's outcome still reaches the consumer
            inbox.ended(e, r, error, urgent);
        }
    }

    /**
     * A request taken from the input and not yet reported, and the retry slots of its call: its
     * call gives its place back while it backs off and regains one, in its host's queue, after.
     * {@code call} is written once by the thread that starts it; {@code state} only under the lock
     * (but for the entry of a null input, which is never placed: the consumer ends it at once).
     */
    final class Entry extends Places.Ticket implements Slots {
        final long index;
        final Request request;
        volatile Call call;

        private Entry(long index, Request request, String host) {
            super(host);
            this.index = index;
            this.request = request;
        }

        @Override
        public boolean takeRetry() {
            return retryBudget == null || retryBudget.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        }

        @Override
        public void backingOff(Call c, int attempt, SalvoException cause) {
            synchronized (lock) {
                if (state != Places.State.HOLDING) {
                    return;
                }
                places.release(this, Places.State.BACKING_OFF);
            }
            launch();
            inbox.backingOff(this, attempt, cause);
        }

        @Override
        public void ended(Response response, Throwable error) {
            Launcher.this.ended(this, response, error);
        }

        @Override
        public void resumeWhenFree(Call c) {
            synchronized (lock) {
                if (state != Places.State.BACKING_OFF || stopped != null) {
                    return;
                }
                places.requeue(this);
            }
            // this is core's timer thread: start the request from the callback pool instead
            try {
                engine.resources().callbacks().execute(Unexpected.guard(Launcher.this::launch,
                        t -> c.abort(Unexpected.typed(t, ErrorType.IO, "failed resuming " + request))));
            } catch (RejectedExecutionException closing) {
                c.abort(new SalvoException(ErrorType.CLIENT_CLOSED, "the client was closed (" + request + ")", closing));
            }
        }
    }
}
