package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.SalvoConfig;
import dev.salvo.SalvoException;
import dev.salvo.spi.Failures;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request on its way through core's policies: URL resolution, headers, cookies, the
 * exchanges with the transport (one per redirect hop), decoding, and the request timeout.
 *
 * <p>{@link #result()} completes exactly once: with the response, or with a
 * {@link SalvoException}. {@link #abort} completes it with the given error and cancels the
 * exchange in progress, which frees its connection; it is how timeouts, deadlines, user
 * cancellation and client close all stop a request.
 */
public final class Call {
    private final Engine engine;
    private final Request request;
    private final Scope scope;
    private final boolean stream;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private final List<Response> history = new ArrayList<>(0);
    private CookieJar ownJar;
    private int redirects;
    private volatile CompletableFuture<TransportResponse> exchange;
    private volatile ScheduledFuture<?> timeout;
    private final AtomicReference<SalvoException> abortReason = new AtomicReference<>();

    Call(Engine engine, Request request, Scope scope, boolean stream) {
        this.engine = engine;
        this.request = request;
        this.scope = scope;
        this.stream = stream || request.stream();
    }

    public Request request() {
        return request;
    }

    /** Completes once, with the response (before any user callback) or a SalvoException. */
    public CompletableFuture<Response> result() {
        return result;
    }

    /** Fails the request with {@code error} unless it has finished, cancelling the exchange in progress. */
    public boolean abort(SalvoException error) {
        if (result.isDone() || !abortReason.compareAndSet(null, error)) {
            return false;
        }
        // Cancel first, so that whoever sees the error also sees the exchange already stopped. The
        // exchange's own completion (a CancellationException) then fails the call with this error.
        CompletableFuture<TransportResponse> ex = exchange;
        if (ex != null) {
            ex.cancel(true);
            // A response may have arrived just before the cancel: release its connection.
            ex.thenAccept(Call::discard);
        }
        fail(error);
        return result.isCompletedExceptionally() && abortReason.get() == error;
    }

    void start() {
        URI uri = request.uri(scope.baseUrl());
        if (!uri.isAbsolute()) {
            fail(new SalvoException(ErrorType.INVALID_REQUEST, "relative URL '" + request.url()
                    + "' needs a session with a base URL"));
            return;
        }
        SalvoConfig config = engine.config();
        Duration total = request.timeout() != null ? request.timeout() : config.requestTimeout();
        if (total != null) {
            try {
                timeout = engine.resources().timer().schedule(
                        () -> abort(new SalvoException(ErrorType.REQUEST_TIMEOUT, "request took longer than " + total
                                + " (" + request + ")")),
                        total.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                fail(new SalvoException(ErrorType.CLIENT_CLOSED, "the client was closed (" + request + ")", closing));
                return;
            }
        }
        send(new Hop(request.method(), uri, request.headers(), request.body(), true));
    }

    private void send(Hop hop) {
        if (result.isDone()) {
            return;
        }
        TransportRequest tr = transportRequest(hop);
        CompletableFuture<TransportResponse> ex;
        try {
            ex = engine.transport().exchange(tr);
        } catch (RuntimeException e) {
            fail(Failures.classify(e, tr, Failures.Phase.CONNECT));
            return;
        }
        exchange = ex;
        if (abortReason.get() != null || result.isDone()) {
            ex.cancel(true);
            ex.thenAccept(Call::discard);
            return;
        }
        ex.whenComplete((response, error) -> {
            if (error != null) {
                fail(Failures.classify(error, tr, Failures.Phase.AWAIT_HEAD));
            } else {
                received(hop, response);
            }
        });
    }

    private TransportRequest transportRequest(Hop hop) {
        SalvoConfig config = engine.config();
        Headers.Builder h = hop.headers().newBuilder();
        scope.headers().forEach((name, value) -> {
            if (!hop.headers().contains(name) && (hop.sameOrigin() || !name.equalsIgnoreCase("Authorization"))) {
                h.add(name, value);
            }
        });
        config.defaultHeaders().forEach((name, value) -> {
            if (!hop.headers().contains(name) && !scope.headers().contains(name)) {
                h.add(name, value);
            }
        });
        if (!hop.headers().contains("Accept-Encoding")) {
            h.add("Accept-Encoding", Decoding.ACCEPT_ENCODING);
        }
        if (hop.body() != null && !hop.headers().contains("Content-Type")) {
            hop.body().contentType().ifPresent(t -> h.add("Content-Type", t));
        }
        String jarCookies = jar(false) == null ? null : jar(false).header(hop.uri());
        if (jarCookies != null) {
            String own = hop.headers().firstOrNull("Cookie");
            h.set("Cookie", own == null ? jarCookies : own + "; " + jarCookies);
        }
        Duration connect = request.connectTimeout() != null ? request.connectTimeout() : config.connectTimeout();
        Duration read = request.readTimeout() != null ? request.readTimeout() : config.readTimeout();
        return new TransportRequest(hop.method(), hop.uri(), h.build(), hop.body(), connect, read, stream,
                config.maxResponseBodySize());
    }

    private CookieJar jar(boolean create) {
        CookieJar shared = scope.jar();
        if (shared != null) {
            return shared;
        }
        if (ownJar == null && create) {
            ownJar = new CookieJar();
        }
        return ownJar;
    }

    private void received(Hop hop, TransportResponse tr) {
        if (result.isDone()) {
            discard(tr);
            return;
        }
        try {
            if (tr.headers().contains("Set-Cookie")) {
                jar(true).store(hop.uri(), tr.headers());
            }
            SalvoConfig config = engine.config();
            boolean follow = request.followRedirects() != null ? request.followRedirects() : config.followRedirects();
            String location = tr.headers().firstOrNull("Location");
            if (follow && location != null && Redirects.isRedirect(tr.status())) {
                int max = request.maxRedirects() != null ? request.maxRedirects() : config.maxRedirects();
                discard(tr);
                if (redirects >= max) {
                    fail(new SalvoException(ErrorType.TOO_MANY_REDIRECTS, "more than " + max + " redirects ("
                            + request + ", last to " + location + ")"));
                    return;
                }
                history.add(head(hop, tr).body(new byte[0]).build());
                redirects++;
                send(Redirects.next(hop, tr.status(), location));
                return;
            }
            complete(build(hop, tr));
        } catch (SalvoException e) {
            discard(tr);
            fail(e);
        } catch (RuntimeException e) {
            discard(tr);
            fail(new SalvoException(ErrorType.IO, "failed handling the response of " + request + ": " + e, e));
        }
    }

    private Response build(Hop hop, TransportResponse tr) {
        SalvoConfig config = engine.config();
        String coding = tr.headers().firstOrNull("Content-Encoding");
        Response.Builder b = head(hop, tr);
        if (tr.isStreaming()) {
            InputStream in = Decoding.decode(coding, tr.stream(), config.maxDecompressedBodySize());
            return b.bodyStream(in).build();
        }
        return b.body(Decoding.decode(coding, tr.body(), config.maxDecompressedBodySize())).build();
    }

    private Response.Builder head(Hop hop, TransportResponse tr) {
        return Response.builder().status(tr.status()).reason(tr.reason()).headers(tr.headers()).url(hop.uri())
                .history(List.copyOf(history)).elapsed(Duration.ofNanos(System.nanoTime() - startNanos))
                .request(request);
    }

    private void complete(Response r) {
        if (result.complete(r)) {
            finish();
        } else {
            r.close();
        }
    }

    private void fail(SalvoException e) {
        SalvoException reason = abortReason.get();
        if (result.completeExceptionally(reason != null ? reason : e)) {
            finish();
        }
    }

    private void finish() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        engine.finished(this);
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
}
