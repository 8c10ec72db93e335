package dev.salvo.spi;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The bookkeeping of one exchange that is the same on every stack: the future handed out for it,
 * ending it exactly once (with a response, at the end of a streamed body, or with a failure),
 * its place in the transport's {@link ActiveExchanges}, and a failure of the request body.
 * A transport's exchange class extends this and adds only what its stack needs.
 *
 * <p>How an exchange fails: {@link #fail} classifies the cause (a {@link SalvoException} as it is;
 * else a recorded request-body failure as {@link ErrorType#REQUEST_BODY}; else, once the transport
 * is closing, {@link ErrorType#CLIENT_CLOSED}; else the stack's own {@link #classify}), fails the
 * future, and then lets the subclass {@link #abort} what its stack still does. Cancelling the
 * future fails the exchange with {@link ErrorType#CANCELLED}. Whatever ends first wins; later
 * endings are no-ops.
 *
 * <p>Locking: the ending state is guarded by this object's monitor, which subclasses may share
 * for their own fields; no hook is called while it is held.
 */
public abstract class TransportExchange {
    private final ActiveExchanges registry;
    private final TransportRequest request;
    private final CompletableFuture<TransportResponse> result = new CompletableFuture<>();
    private volatile IOException requestBodyError;

    // guarded by this
    private boolean finished;
    private SalvoException error;

    /** An exchange of {@code request}, counted in {@code registry} once {@link ActiveExchanges#add added}. */
    protected TransportExchange(ActiveExchanges registry, TransportRequest request) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.request = Objects.requireNonNull(request, "request");
        result.whenComplete((r, t) -> {
            if (t instanceof CancellationException) {
                fail(new SalvoException(ErrorType.CANCELLED, "the exchange was cancelled (" + request + ")", t));
            }
        });
    }

    /** The request this exchange sends. */
    public final TransportRequest request() {
        return request;
    }

    /** The future the transport hands out: the response, or the failure as a {@link SalvoException}. */
    public final CompletableFuture<TransportResponse> result() {
        return result;
    }

    /** Whether the exchange has ended, one way or another. */
    protected final synchronized boolean isFinished() {
        return finished;
    }

    /**
     * Ends the exchange without a failure (a complete response, or a streamed body read to its
     * end): true the first time, after which it has left the registry and {@link #released} has
     * run; false when it had already ended. The caller completes {@link #result()} itself.
     */
    protected final boolean finish() {
        synchronized (this) {
            if (finished) {
                return false;
            }
            finished = true;
        }
        registry.remove(this);
        released();
        return true;
    }

    /** A streamed body was read to its end: the exchange ends, its connection kept by the stack. */
    public final void streamEnded() {
        finish();
    }

    /** A streamed body was closed before its end: the exchange fails as {@link ErrorType#CANCELLED}. */
    public final void streamClosedEarly() {
        fail(BodyStream.closedEarly(request));
    }

    /**
     * Ends the exchange with a failure, once: fails {@link #result()}, then {@link #abort}s what
     * the stack still does. Returns the failure the exchange ended with (an earlier one, if it
     * had already ended with one).
     */
    public final SalvoException fail(Throwable cause) {
        SalvoException e = classifyAll(cause);
        synchronized (this) {
            if (finished) {
                return error != null ? error : e;
            }
            finished = true;
            error = e;
        }
        registry.remove(this);
        released();
        result.completeExceptionally(e);
        abort(e);
        return e;
    }

    /**
     * Records a failure to produce the request body (opening or reading the user's stream), so
     * that the exchange then fails with {@link ErrorType#REQUEST_BODY} whatever the stack makes of
     * the write it broke. Returns it as an IOException, to throw to the stack.
     */
    public final IOException requestBodyFailed(Throwable e) {
        IOException io = RequestBodyStream.asIOException(e);
        synchronized (this) {
            if (requestBodyError == null && !finished) {
                requestBodyError = io;
            }
        }
        return io;
    }

    private SalvoException classifyAll(Throwable cause) {
        Throwable e = Failures.unwrap(cause);
        if (e instanceof SalvoException se) {
            return se;
        }
        IOException bodyError = requestBodyError;
        if (bodyError != null) {
            return RequestBodyStream.failure(request, bodyError);
        }
        if (registry.isClosed()) {
            return ActiveExchanges.closedInProgress(request, e);
        }
        return classify(e);
    }

    /** The stack's classification of a failure that is not a {@link SalvoException} (unwrapped already). */
    protected abstract SalvoException classify(Throwable e);

    /** Called once when the exchange ends, any way, before a failure reaches the future: free what it holds. */
    protected void released() {
    }

    /** Called once when the exchange failed, after the future: stop the stack's work and close its connection. */
    protected abstract void abort(SalvoException e);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + request + "]";
    }
}
