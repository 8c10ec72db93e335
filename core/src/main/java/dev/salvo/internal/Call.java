package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.SalvoException;
import dev.salvo.spi.Failures;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One request's attempt loop: the total timeout, then attempts, each with its own timeout, its
 * rate-limit waits and its exchanges (one per redirect hop, as {@link Redirects#follow} decides),
 * then the retry decision ({@link RetryDelays}) and the backoff, or the response. What a hop sends
 * and what a response brings in is the {@link Bridge}'s; the options were resolved in {@link Options}.
 *
 * <p>{@link #result()} completes exactly once, with the response or a {@link SalvoException}.
 * {@link #abort} completes it with the given error and cancels what is in progress (an exchange,
 * which frees its connection, or a wait): total timeouts, deadlines, cancelling and closing the
 * client all stop a request through it. An attempt ends exactly once ({@link Attempt#end}).
 *
 * <p>Threads: the stages of an attempt run one after the other, each on any thread (the
 * caller's, a transport's, core's pool or timer); only {@link #abort} races them, and the
 * compare-and-sets of the abort reason, of an attempt's end and of the result settle who wins.
 * Whatever a stage throws, an {@link Error} included, ends the request with a typed failure:
 * every stage run off the caller's thread goes through {@link Unexpected#guard}. Slow handling
 * of a response (Set-Cookie, inflating) runs on core's callback pool, never on an I/O thread.
 */
public final class Call {
    private static final AtomicReferenceFieldUpdater<Call, SalvoException> ABORT_REASON =
            AtomicReferenceFieldUpdater.newUpdater(Call.class, SalvoException.class, "abortReason");

    private final Engine engine;
    private final Request request;
    private final Options options;
    private final Slots slots;
    private final Bridge bridge;
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private volatile SalvoException abortReason;
    /** The first hop of every attempt, known once the request proved valid. */
    private Hop firstHop;
    private volatile int attempts;
    private volatile Attempt current;
    private volatile ScheduledFuture<?> totalTimer;
    private volatile ScheduledFuture<?> backoff;

    Call(Engine engine, Request request, Scope scope, Options options, Slots slots) {
        this.engine = engine;
        this.request = request;
        this.options = options;
        this.slots = slots;
        this.bridge = new Bridge(engine, request, scope, options);
    }

    public Request request() {
        return request;
    }

    /** Completes once, with the response (before any user callback) or a SalvoException. */
    public CompletableFuture<Response> result() {
        return result;
    }

    /** Fails the request with {@code error} unless it has finished, stopping whatever is in progress. */
    public boolean abort(SalvoException error) {
        if (result.isDone() || !ABORT_REASON.compareAndSet(this, null, error)) {
            return false;
        }
        // Stop first, so that whoever sees the error also sees the exchange already cancelled.
        Attempt.halt(current);
        Attempt.cancel(backoff);
        fail(error);
        return true;
    }

    void start() {
        Unexpected.run(this::begin, this::unexpected);
    }

    private void begin() {
        try {
            firstHop = bridge.firstHop();
        } catch (SalvoException invalid) {
            fail(invalid);
            return;
        }
        Duration total = options.totalTimeout();
        if (total != null) {
            totalTimer = schedule(() -> abort(new SalvoException(ErrorType.TOTAL_TIMEOUT, "request took longer than "
                    + total + " in all, over " + attempts + " attempt(s) (" + request + ")")), total.toNanos());
        }
        beginAttempt();
    }

    /**
     * Starts the next attempt once a retrying call has its place back ({@link Slots}): on the
     * calling thread, or on core's pool so that the timer's thread never waits on a transport.
     */
    void resume(boolean onPool) {
        if (onPool) {
            onPool(this::beginAttempt, null);
        } else {
            Unexpected.run(this::beginAttempt, this::unexpected);
        }
    }

    private void beginAttempt() {
        if (result.isDone()) {
            return;
        }
        Attempt a = new Attempt(++attempts);
        current = a;
        Duration limit = options.attemptTimeout();
        if (limit != null) {
            a.timer = schedule(() -> attemptFailed(a, new SalvoException(ErrorType.REQUEST_TIMEOUT,
                    "attempt " + a.number + " took longer than " + limit + " (" + request + ")")), limit.toNanos());
        }
        send(a, firstHop);
    }

    /** Sends one hop of attempt {@code a}, after the rate limits allow it. */
    private void send(Attempt a, Hop hop) {
        long wait = engine.traffic().waitNanos(hop.uri());
        if (wait <= 0) {
            exchange(a, hop);
            return;
        }
        a.delayed = schedule(() -> onPool(() -> exchange(a, hop), null), wait);
        if (a.hasEnded()) {
            Attempt.cancel(a.delayed);
        }
    }

    private void exchange(Attempt a, Hop hop) {
        if (a.hasEnded() || result.isDone()) {
            return;
        }
        TransportRequest tr = bridge.outgoing(hop);
        CompletableFuture<TransportResponse> ex;
        try {
            ex = engine.transport().exchange(tr);
        } catch (RuntimeException e) {
            attemptFailed(a, Failures.classify(e, tr, Failures.Phase.CONNECT));
            return;
        }
        a.exchange = ex;
        if (a.hasEnded() || result.isDone()) {
            Attempt.abandon(ex);
            return;
        }
        ex.whenComplete((response, error) -> Unexpected.run(() -> {
            if (error != null) {
                attemptFailed(a, Failures.classify(error, tr, Failures.Phase.AWAIT_HEAD));
            } else {
                arrived(a, hop, response);
            }
        }, this::unexpected));
    }

    /** Handles {@code tr} where it arrived, or on core's pool if that is slow work ({@link Bridge#isSlow}). */
    private void arrived(Attempt a, Hop hop, TransportResponse tr) {
        if (Bridge.isSlow(tr)) {
            onPool(() -> received(a, hop, tr), tr);
        } else {
            received(a, hop, tr);
        }
    }

    /** A hop's response: its cookies first (the next hop and the user see them), then a redirect, a retry or the end. */
    private void received(Attempt a, Hop hop, TransportResponse tr) {
        if (a.hasEnded() || result.isDone()) {
            Bridge.discard(tr);
            return;
        }
        boolean endedHere = false;
        try {
            bridge.incoming(hop, tr);
            Hop next = Redirects.follow(options, hop, tr.status(), tr.headers(), a.redirects(), request);
            if (next != null) {
                Bridge.discard(tr);
                a.redirected(bridge.bodiless(a, hop, tr));
                send(a, next);
                return;
            }
            if (!a.end()) {
                Bridge.discard(tr);
                return;
            }
            endedHere = true;
            Attempt.cancel(a.timer);
            long delay = RetryDelays.afterStatus(options.retry(), a.number, request.method(), tr.status(),
                    tr.headers().firstOrNull("Retry-After"));
            if (delay >= 0 && slots.takeRetry()) {
                Bridge.discard(tr);
                retryLater(a, new SalvoException(ErrorType.HTTP_STATUS, "attempt " + a.number + " got status "
                        + tr.status() + " (" + request + ")", null, bridge.bodiless(a, hop, tr)), delay);
                return;
            }
            completeWith(a, hop, tr);
        } catch (Throwable t) {
            // released first, as a redirect's response is before its hop is refused (too many, a bad Location)
            Bridge.discard(tr);
            SalvoException e = Unexpected.typed(t, ErrorType.IO, "failed handling the response of " + request);
            if (endedHere) {
                fail(Attempt.withCount(e, a.number)); // the attempt is over, so the request must end here
            } else {
                attemptFailed(a, e);
            }
        }
    }

    private void completeWith(Attempt a, Hop hop, TransportResponse tr) {
        try {
            Response r = bridge.response(a, hop, tr);
            if (result.complete(r)) {
                finish();
            } else {
                r.close();
            }
        } catch (Throwable t) {
            fail(Attempt.withCount(Unexpected.typed(t, Unexpected.whileDecoding(t), "failed decoding the response of "
                    + request), a.number));
            Bridge.discard(tr);
        }
    }

    /** Ends attempt {@code a} with {@code e} (unless it has ended already), then retries or fails the request. */
    private void attemptFailed(Attempt a, SalvoException e) {
        if (!a.end()) {
            return;
        }
        a.stop();
        if (result.isDone()) {
            return;
        }
        long delay = RetryDelays.afterFailure(options.retry(), a.number, request.method(), e.type());
        if (delay >= 0 && slots.takeRetry()) {
            retryLater(a, e, delay);
        } else {
            fail(Attempt.withCount(e, a.number));
        }
    }

    private void retryLater(Attempt a, SalvoException cause, long delayNanos) {
        slots.backingOff(this, a.number, cause);
        backoff = schedule(() -> slots.resumeWhenFree(this), delayNanos);
        if (result.isDone()) {
            Attempt.cancel(backoff);
        }
    }

    private void fail(SalvoException e) {
        SalvoException reason = abortReason;
        if (result.completeExceptionally(reason != null ? Attempt.withCount(reason, attempts) : e)) {
            finish();
        }
    }

    private void finish() {
        Attempt.cancel(totalTimer);
        Attempt a = current;
        Attempt.cancel(a == null ? null : a.timer);
        engine.finished(this);
    }

    /** Runs {@code task} on core's timer after {@code nanos}; if the client is closing, fails the request instead. */
    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        try {
            return engine.resources().timer().schedule(Unexpected.guard(task, this::unexpected), nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            fail(clientClosed(closing));
            return null;
        }
    }

    /** Runs {@code task} on core's pool; if the client is closing, releases {@code unread} (or null) and fails the request. */
    private void onPool(Runnable task, TransportResponse unread) {
        try {
            engine.resources().callbacks().execute(Unexpected.guard(task, this::unexpected));
        } catch (RejectedExecutionException closing) {
            Bridge.discard(unread);
            fail(clientClosed(closing));
        }
    }

    private SalvoException clientClosed(RejectedExecutionException closing) {
        return new SalvoException(ErrorType.CLIENT_CLOSED, "the client was closed (" + request + ")", closing);
    }

    /** A stage threw what nothing else caught: the request ends, and whatever it has in progress stops. */
    private void unexpected(Throwable t) {
        abort(Unexpected.typed(t, ErrorType.IO, "unexpected failure handling " + request));
    }
}
