package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Retry;
import dev.salvo.SalvoConfig;
import dev.salvo.SalvoException;
import dev.salvo.spi.Failures;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request on its way through core's policies: URL resolution, headers, cookies, rate limits,
 * attempts and the backoff between them, the exchanges of each attempt with the transport (one
 * per redirect hop), decoding, and the attempt and total timeouts.
 *
 * <p>{@link #result()} completes exactly once: with the response, or with a
 * {@link SalvoException}. {@link #abort} completes it with the given error and cancels whatever
 * is in progress (an exchange, which frees its connection, or a wait); it is how total timeouts,
 * deadlines, user cancellation and client close stop a request. An attempt ends exactly once too,
 * by its response, its failure or its timeout, whichever comes first; only that one decides
 * whether the request is retried.
 *
 * <p>Whatever a stage throws, an {@link Error} included, ends the request with a typed failure:
 * every stage that runs on a thread or future other than the caller's (the transport's
 * completion, core's pool and timer) goes through {@link Unexpected#guard}, so nothing is left
 * pending. Response handling that may take time (storing Set-Cookie, inflating a body) runs on
 * core's callback pool, never on the transport's I/O thread; a response that needs neither is
 * handled where it arrived.
 */
public final class Call {
    private final Engine engine;
    private final Request request;
    private final Scope scope;
    private final Options options;
    private final Slots slots;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private final AtomicReference<SalvoException> abortReason = new AtomicReference<>();
    private CookieJar ownJar;
    private URI uri;
    private volatile int attempts;
    private volatile Attempt current;
    private volatile ScheduledFuture<?> totalTimer;
    private volatile ScheduledFuture<?> backoff;

    Call(Engine engine, Request request, Scope scope, Options options, Slots slots) {
        this.engine = engine;
        this.request = request;
        this.scope = scope;
        this.options = options;
        this.slots = slots;
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
        if (result.isDone() || !abortReason.compareAndSet(null, error)) {
            return false;
        }
        // Stop first, so that whoever sees the error also sees the exchange already cancelled.
        Attempt a = current;
        if (a != null) {
            a.ended.set(true);
            a.stop();
        }
        cancel(backoff);
        fail(error);
        return true;
    }

    void start() {
        Unexpected.run(this::begin, this::unexpected);
    }

    private void begin() {
        uri = request.uri(scope.baseUrl());
        if (!uri.isAbsolute()) {
            fail(new SalvoException(ErrorType.INVALID_REQUEST, "relative URL '" + request.url()
                    + "' needs a session with a base URL"));
            return;
        }
        String host = HopHeaders.hostProblem(engine.hostOverride(), request.headers(), scope.headers(),
                engine.config().defaultHeaders());
        if (host != null) {
            fail(new SalvoException(ErrorType.INVALID_REQUEST, "header Host: " + host + " (" + engine.transportName()
                    + " transport; " + request + ")"));
            return;
        }
        Duration total = options.totalTimeout();
        if (total != null) {
            totalTimer = schedule(() -> abort(new SalvoException(ErrorType.TOTAL_TIMEOUT, "request took longer than "
                    + total + " in all, over " + attempts + " attempt(s) (" + request + ")")), total.toNanos());
        }
        beginAttempt();
    }

    /** Starts the next attempt on the calling thread; for {@link Slots} when a retrying call has its place back. */
    void resume() {
        Unexpected.run(this::beginAttempt, this::unexpected);
    }

    /** Starts the next attempt on core's pool, so that the timer's thread never waits on a transport. */
    void resumeOffTimer() {
        offTimer(this::beginAttempt);
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
        send(a, new Hop(request.method(), uri, request.headers(), request.body(), true));
    }

    /** Sends one hop of attempt {@code a}, after the rate limits allow it. */
    private void send(Attempt a, Hop hop) {
        Traffic traffic = engine.traffic();
        long wait = traffic.isLimited() ? traffic.reserve(hop.uri(), System.nanoTime()) : 0;
        if (wait <= 0) {
            exchange(a, hop);
            return;
        }
        a.delayed = schedule(() -> offTimer(() -> exchange(a, hop)), wait);
        if (a.ended.get()) {
            cancel(a.delayed);
        }
    }

    private void exchange(Attempt a, Hop hop) {
        if (a.ended.get() || result.isDone()) {
            return;
        }
        TransportRequest tr = transportRequest(hop);
        CompletableFuture<TransportResponse> ex;
        try {
            ex = engine.transport().exchange(tr);
        } catch (RuntimeException e) {
            attemptFailed(a, Failures.classify(e, tr, Failures.Phase.CONNECT));
            return;
        }
        a.exchange = ex;
        if (a.ended.get() || result.isDone()) {
            ex.cancel(true);
            ex.thenAccept(Call::discard);
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

    /**
     * Handles {@code tr} where it arrived when that is quick, else on core's callback pool: Set-Cookie
     * lines (any number of them) and a body to inflate are never worked on on a transport's I/O
     * thread. On the pool the cookies are stored before anything else happens to the response, so
     * a redirect's next hop and the user both see them.
     */
    private void arrived(Attempt a, Hop hop, TransportResponse tr) {
        if (!tr.headers().contains("Set-Cookie") && !needsInflating(tr)) {
            received(a, hop, tr);
            return;
        }
        try {
            engine.resources().callbacks().execute(guarded(() -> received(a, hop, tr)));
        } catch (RejectedExecutionException closing) {
            discard(tr);
            fail(new SalvoException(ErrorType.CLIENT_CLOSED, "the client was closed (" + request + ")", closing));
        }
    }

    private static boolean needsInflating(TransportResponse tr) {
        return !tr.isStreaming() && tr.body().length > 0 && Decoding.decodes(tr.headers().firstOrNull("Content-Encoding"));
    }

    private TransportRequest transportRequest(Hop hop) {
        SalvoConfig config = engine.config();
        CookieJar jar = jar(false);
        String jarCookies = jar == null ? null : jar.header(hop.uri());
        Headers headers = HopHeaders.of(hop, scope.headers(), config.defaultHeaders(), jarCookies);
        return new TransportRequest(hop.method(), hop.uri(), headers, hop.body(), options.connectTimeout(),
                options.readTimeout(), options.stream(), options.maxResponseBodySize());
    }

    private synchronized CookieJar jar(boolean create) {
        CookieJar shared = scope.jar();
        if (shared != null) {
            return shared;
        }
        if (ownJar == null && create) {
            ownJar = new CookieJar();
        }
        return ownJar;
    }

    /** The response of a hop: cookies, then a redirect, a retry, or the end of the attempt. */
    private void received(Attempt a, Hop hop, TransportResponse tr) {
        if (a.ended.get() || result.isDone()) {
            discard(tr);
            return;
        }
        boolean endedHere = false;
        try {
            if (tr.headers().contains("Set-Cookie")) {
                jar(true).store(hop.uri(), tr.headers());
            }
            String location = tr.headers().firstOrNull("Location");
            if (options.followRedirects() && location != null && Redirects.isRedirect(tr.status())) {
                int max = options.maxRedirects();
                discard(tr);
                if (a.history.size() >= max) {
                    attemptFailed(a, new SalvoException(ErrorType.TOO_MANY_REDIRECTS, "more than " + max
                            + " redirects (" + request + ", last to " + location + ")"));
                    return;
                }
                a.history.add(head(a, hop, tr).body(new byte[0]).build());
                send(a, Redirects.next(hop, tr.status(), location));
                return;
            }
            if (!a.ended.compareAndSet(false, true)) {
                discard(tr);
                return;
            }
            endedHere = true;
            cancel(a.timer);
            long delay = retryDelay(a, tr);
            if (delay >= 0) {
                discard(tr);
                retryLater(a, new SalvoException(ErrorType.HTTP_STATUS, "attempt " + a.number + " got status "
                        + tr.status() + " (" + request + ")", null, head(a, hop, tr).body(new byte[0]).build()), delay);
                return;
            }
            completeWith(a, hop, tr);
        } catch (Throwable t) {
            SalvoException e = Unexpected.typed(t, ErrorType.IO, "failed handling the response of " + request);
            if (endedHere) {
                fail(withAttempts(e, a.number)); // the attempt is over, so the request must end here
            } else {
                attemptFailed(a, e);
            }
            discard(tr);
        }
    }

    /** Nanoseconds to wait before retrying after response {@code tr}, or -1 when it is the answer. */
    private long retryDelay(Attempt a, TransportResponse tr) {
        Retry retry = options.retry();
        if (a.number >= retry.maxAttempts() || !retry.statuses().contains(tr.status()) || !retry.mayRetry(request.method())) {
            return -1;
        }
        long delay = RetryDelays.delayNanos(retry, a.number, tr.headers().firstOrNull("Retry-After"), Instant.now(),
                ThreadLocalRandom.current().nextDouble());
        return delay >= 0 && slots.takeRetry() ? delay : -1;
    }

    private void completeWith(Attempt a, Hop hop, TransportResponse tr) {
        try {
            String coding = tr.headers().firstOrNull("Content-Encoding");
            Response.Builder b = head(a, hop, tr);
            Response r;
            if (tr.isStreaming()) {
                InputStream in = Decoding.decode(coding, tr.stream(), options.maxDecompressedBodySize());
                r = b.bodyStream(in).build();
            } else {
                r = b.body(Decoding.decode(coding, tr.body(), options.maxDecompressedBodySize())).build();
            }
            if (result.complete(r)) {
                finish();
            } else {
                r.close();
            }
        } catch (Throwable t) {
            fail(withAttempts(Unexpected.typed(t, Unexpected.whileDecoding(t), "failed decoding the response of "
                    + request), a.number));
            discard(tr);
        }
    }

    private Response.Builder head(Attempt a, Hop hop, TransportResponse tr) {
        return Response.builder().status(tr.status()).reason(tr.reason()).headers(tr.headers()).url(hop.uri())
                .history(List.copyOf(a.history)).elapsed(Duration.ofNanos(System.nanoTime() - startNanos))
                .request(request).attempts(a.number);
    }

    /** Ends attempt {@code a} with {@code e} (unless it has ended already), then retries or fails the request. */
    private void attemptFailed(Attempt a, SalvoException e) {
        if (!a.ended.compareAndSet(false, true)) {
            return;
        }
        a.stop();
        if (result.isDone()) {
            return;
        }
        Retry retry = options.retry();
        if (a.number < retry.maxAttempts() && retry.mayRetry(request.method(), e.type()) && slots.takeRetry()) {
            retryLater(a, e, RetryDelays.backoffNanos(retry, a.number, ThreadLocalRandom.current().nextDouble()));
        } else {
            fail(withAttempts(e, a.number));
        }
    }

    private void retryLater(Attempt a, SalvoException cause, long delayNanos) {
        slots.backingOff(this, a.number, cause);
        backoff = schedule(() -> slots.resumeWhenFree(this), delayNanos);
        if (result.isDone()) {
            cancel(backoff);
        }
    }

    private SalvoException withAttempts(SalvoException e, int n) {
        if (n <= 1 || e.attempts() == n) {
            return e;
        }
        return new SalvoException(e.type(), e.detail() + " (after " + n + " attempts)", e.getCause(), e.response(), n);
    }

    private void fail(SalvoException e) {
        SalvoException reason = abortReason.get();
        if (result.completeExceptionally(reason != null ? withAttempts(reason, attempts) : e)) {
            finish();
        }
    }

    private void finish() {
        cancel(totalTimer);
        Attempt a = current;
        if (a != null) {
            cancel(a.timer);
        }
        engine.finished(this);
    }

    /** Runs {@code task} on core's timer after {@code nanos}; if the client is closing, fails the request instead. */
    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        try {
            return engine.resources().timer().schedule(guarded(task), nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            fail(new SalvoException(ErrorType.CLIENT_CLOSED, "the client was closed (" + request + ")", closing));
            return null;
        }
    }

    private void offTimer(Runnable task) {
        try {
            engine.resources().callbacks().execute(guarded(task));
        } catch (RejectedExecutionException closing) {
            fail(new SalvoException(ErrorType.CLIENT_CLOSED, "the client was closed (" + request + ")", closing));
        }
    }

    /** {@code stage}, ending this request with a typed failure if it throws anything. */
    private Runnable guarded(Runnable stage) {
        return Unexpected.guard(stage, this::unexpected);
    }

    /** A stage threw what nothing else caught: the request ends, and whatever it has in progress stops. */
    private void unexpected(Throwable t) {
        abort(Unexpected.typed(t, ErrorType.IO, "unexpected failure handling " + request));
    }

    private static void cancel(Future<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    static void discard(TransportResponse tr) {
        if (tr != null && tr.stream() != null) {
            try {
                tr.stream().close();
            } catch (IOException | RuntimeException ignored) {
                // releasing a connection we no longer need; nothing to report
            }
        }
    }

    /** One attempt: its exchanges (one per redirect hop), its timeout, and whether it has ended. */
    private static final class Attempt {
        final int number;
        final AtomicBoolean ended = new AtomicBoolean();
        final List<Response> history = new ArrayList<>(0);
        volatile CompletableFuture<TransportResponse> exchange;
        volatile ScheduledFuture<?> timer;
        volatile ScheduledFuture<?> delayed;

        Attempt(int number) {
            this.number = number;
        }

        /** Cancels what the attempt has in progress; a response that arrives anyway is released. */
        void stop() {
            cancel(timer);
            cancel(delayed);
            CompletableFuture<TransportResponse> ex = exchange;
            if (ex != null) {
                ex.cancel(true);
                ex.thenAccept(Call::discard);
            }
        }
    }
}
