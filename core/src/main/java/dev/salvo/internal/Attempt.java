package dev.salvo.internal;

import dev.salvo.Response;
import dev.salvo.SalvoException;
import dev.salvo.spi.TransportResponse;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;

/**
 * One attempt of a {@link Call}: its exchanges (one per redirect hop), its timeout, a rate-limit
 * wait, the redirects it followed, and whether it has ended.
 *
 * <p>An attempt ends exactly once ({@link #end()}), by its response, its failure, its timeout or
 * the call's abort, whichever comes first, on whichever thread that is; only the one that ends
 * it decides what follows. Its other fields are written by the thread running its current hop
 * and read by any thread that stops it.
 */
final class Attempt {
    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(Attempt.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int number;
    private volatile boolean ended;
    /** The responses of the redirects followed so far; made on the first. */
    private List<Response> history;
    volatile CompletableFuture<TransportResponse> exchange;
    volatile ScheduledFuture<?> timer;
    volatile ScheduledFuture<?> delayed;

    Attempt(int number) {
        this.number = number;
    }

    /** Ends the attempt; false when it had ended already, so that the caller must leave it alone. */
    boolean end() {
        return ENDED.compareAndSet(this, false, true);
    }

    boolean hasEnded() {
        return ended;
    }

    /** How many redirects the attempt has followed. */
    int redirects() {
        return history == null ? 0 : history.size();
    }

    /** Keeps the response of a redirect followed, for the final response's history. */
    void redirected(Response head) {
        if (history == null) {
            history = new ArrayList<>(2);
        }
        history.add(head);
    }

    List<Response> history() {
        return history == null ? List.of() : List.copyOf(history);
    }

    /** {@code e} as the failure of a request that made {@code n} attempts: it says how many. */
    static SalvoException withCount(SalvoException e, int n) {
        if (n <= 1 || e.attempts() == n) {
            return e;
        }
        return new SalvoException(e.type(), e.detail() + " (after " + n + " attempts)", e.getCause(), e.response(), n);
    }

    /** Ends {@code a} (or nothing, if null) if it had not ended, and cancels what it has in progress. */
    static void halt(Attempt a) {
        if (a != null) {
            a.end();
            a.stop();
        }
    }

    /** Cancels what the attempt has in progress; a response that arrives anyway is released. */
    void stop() {
        cancel(timer);
        cancel(delayed);
        CompletableFuture<TransportResponse> ex = exchange;
        if (ex != null) {
            abandon(ex);
        }
    }

    /** Cancels exchange {@code ex}; its response, should it arrive anyway, is released. */
    static void abandon(CompletableFuture<TransportResponse> ex) {
        ex.cancel(true);
        ex.thenAccept(Bridge::discard);
    }

    static void cancel(Future<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
