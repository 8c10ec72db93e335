package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.ResponseCallback;
import dev.salvo.SalvoConfig;
import dev.salvo.SalvoException;
import dev.salvo.spi.Capability;
import dev.salvo.spi.Failures;
import dev.salvo.spi.Transport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Core's request engine for one client: starts {@link Call}s on the transport, runs user
 * callbacks on the callback pool, tracks live calls so that {@link #close()} can end them, and
 * owns the transport and the client's threads.
 */
@Singleton
public final class Engine implements AutoCloseable {
    private final SalvoConfig config;
    private final Transport transport;
    private final ClientResources resources;
    private final Traffic traffic;
    private final boolean hostOverride;
    /** The options of a request sent on its own outside any session with a retry policy, before its own. */
    private final Options clientOptions;
    private final Set<Call> live = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    @Inject
    public Engine(SalvoConfig config, Transport transport, ClientResources resources) {
        this.config = config;
        this.transport = transport;
        this.resources = resources;
        this.traffic = new Traffic(config);
        this.hostOverride = transport.capabilities().contains(Capability.HOST_OVERRIDE);
        this.clientOptions = Options.under(config, null, null, false);
    }

    /** The options under a request sent on its own in {@code scope}: the session's, else the client's. */
    Options options(Scope scope) {
        return scope.retry() == null ? clientOptions : Options.under(config, scope.retry(), null, false);
    }

    public SalvoConfig config() {
        return config;
    }

    public Transport transport() {
        return transport;
    }

    public ClientResources resources() {
        return resources;
    }

    /** Whether the transport sends a Host header given by the user ({@link Capability#HOST_OVERRIDE}). */
    boolean hostOverride() {
        return hostOverride;
    }

    /** The transport's name for messages: its class's simple name without "Transport". */
    String transportName() {
        String n = transport.getClass().getSimpleName().replace("Transport", "");
        return n.isEmpty() ? transport.getClass().getName() : n.toLowerCase(java.util.Locale.ROOT);
    }

    /** The client's rate limits. */
    Traffic traffic() {
        return traffic;
    }

    /** Fails with a clear message when the client is closed. */
    public void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this Salvo client is closed; create a new one");
        }
    }

    /** Starts one request on its own; its caller follows {@link Call#result()}. */
    Call start(Request request, Scope scope) {
        Objects.requireNonNull(request, "request");
        return launch(new Call(this, request, scope, options(scope).of(request), Slots.ALONE));
    }

    /**
     * Starts one request of a batch with its resolved {@code options}. Its {@code slots} hear of
     * everything that follows: its backoffs, and its end, after the request's callback (run on
     * the callback pool), so that the batch never comes back here for it.
     */
    Call start(Request request, Options options, Scope scope, Slots slots) {
        Objects.requireNonNull(request, "request");
        Call call = new Call(this, request, scope, options, slots);
        // wired before it starts, so that a call that ends at once is reported like any other
        afterCallback(call).whenComplete(slots::ended);
        return launch(call);
    }

    private Call launch(Call call) {
        live.add(call);
        if (closed.get()) {
            call.abort(closedError(call.request()));
        } else {
            call.start();
        }
        return call;
    }

    /**
     * The call's result after the request's callback, if it has one. The callback runs on the
     * callback pool; without a callback the result is the call's own future.
     */
    private CompletableFuture<Response> afterCallback(Call call) {
        ResponseCallback cb = call.request().callback();
        if (cb == null) {
            return call.result();
        }
        return call.result().thenApplyAsync(r -> applyCallback(cb, r), resources.callbacks());
    }

    /**
     * A future for user code: completes on the callback pool (never on an I/O thread) after the
     * callback; cancelling it aborts the request. It always completes: if the hand-off to the
     * pool itself fails (the client is closing), with that failure, typed.
     */
    public CompletableFuture<Response> send(Request request, Scope scope) {
        checkOpen();
        Call call = start(request, scope);
        UserFuture future = new UserFuture(call);
        ResponseCallback cb = request.callback();
        call.result().whenCompleteAsync((r, e) -> {
            if (e != null) {
                future.completeExceptionally(e);
                return;
            }
            try {
                future.complete(cb == null ? r : applyCallback(cb, r));
            } catch (SalvoException se) {
                future.completeExceptionally(se);
            }
        }, resources.callbacks()).whenComplete((r, e) -> {
            // Only reached with the future still open when the action never ran (the pool refused it).
            if (e != null && !future.isDone()) {
                future.completeExceptionally(Unexpected.typed(e, Failures.unwrap(e) instanceof RejectedExecutionException
                        ? ErrorType.CLIENT_CLOSED : ErrorType.IO, "could not complete " + request));
            }
        });
        return future;
    }

    void finished(Call call) {
        live.remove(call);
    }

    /** Fails every live request with CLIENT_CLOSED, closes the transport, then ends core's threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Call call : live.toArray(new Call[0])) {
            call.abort(closedError(call.request()));
        }
        try {
            transport.close();
        } finally {
            resources.close();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private static SalvoException closedError(Request request) {
        return new SalvoException(ErrorType.CLIENT_CLOSED, "the client was closed (" + request + ")");
    }

    private static Response applyCallback(ResponseCallback cb, Response r) {
        try {
            Response out = cb.apply(r);
            if (out == null) {
                throw new SalvoException(ErrorType.CALLBACK, "callback returned null for " + r.request());
            }
            return out;
        } catch (SalvoException e) {
            throw e;
        } catch (Throwable e) { // an Error too: the request must end with CALLBACK, not hang
            throw new SalvoException(ErrorType.CALLBACK, "callback failed for " + r.request() + ": " + e, e);
        }
    }

    /** The future handed to users by {@code send}: cancelling it aborts the request. */
    private static final class UserFuture extends CompletableFuture<Response> {
        private final Call call;

        UserFuture(Call call) {
            this.call = call;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                call.abort(new SalvoException(ErrorType.CANCELLED, "cancelled by the caller (" + call.request() + ")"));
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
