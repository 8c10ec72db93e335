package dev.salvo.spi;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A transport's exchanges in progress, and its close: what {@link Transport#close()} must do the
 * same way on every stack. Closing runs once ({@link CloseOnce}): it fails every exchange still
 * here with {@link ErrorType#CLIENT_CLOSED}, then runs the transport's own shutdown. An exchange
 * asked for once closing has started is refused with the same type.
 *
 * <p>The race: an exchange registered while {@link #close} sweeps may be added just after the
 * sweep. {@link #add} therefore checks for closing again after adding, and fails the exchange
 * itself; so every exchange ends, by the sweep or by {@code add}, and none runs on a closed stack.
 *
 * <p>A transport whose stack reaches every exchange on its own (netty fails the exchanges on the
 * connections it closes) need not {@link #add} them: it uses only the refusal and the close.
 *
 * <p>Thread-safe; adding and removing are one lock-free set operation each.
 */
public final class ActiveExchanges {
    private final CloseOnce closer = new CloseOnce();
    private final Set<TransportExchange> active = ConcurrentHashMap.newKeySet();

    /** An open registry with no exchange in it. */
    public ActiveExchanges() {
    }

    /** Whether closing has started: new exchanges are refused from then on. */
    public boolean isClosed() {
        return closer.isClosed();
    }

    /**
     * Registers {@code exchange} until it ends. False when the transport is closing: the exchange
     * has then been failed with {@link ErrorType#CLIENT_CLOSED} and must not be started.
     */
    public boolean add(TransportExchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        active.add(exchange);
        if (closer.isClosed()) {
            // close() may have swept the set before this exchange was added
            exchange.fail(closed(exchange.request()));
            return false;
        }
        return true;
    }

    /** Forgets an exchange that ended (called once, by {@link TransportExchange}). */
    void remove(TransportExchange exchange) {
        active.remove(exchange);
    }

    /** The exchanges in progress now. */
    public int size() {
        return active.size();
    }

    /**
     * Closes, once: fails every exchange in progress with {@link ErrorType#CLIENT_CLOSED} (their
     * futures, and the streams of responses already handed over), then runs {@code shutdown}, the
     * stack's own (stopping its threads and closing its sockets). A call racing the first waits
     * for it, bounded; later calls return at once.
     */
    public void close(Runnable shutdown) {
        Objects.requireNonNull(shutdown, "shutdown");
        closer.close(() -> {
            for (TransportExchange exchange : List.copyOf(active)) {
                exchange.fail(closedInProgress(exchange.request(), null));
            }
            shutdown.run();
        });
    }

    /** A future failed with {@link #closed}: the answer to a request made after closing started. */
    public static CompletableFuture<TransportResponse> refused(TransportRequest request) {
        return CompletableFuture.failedFuture(closed(request));
    }

    /** The failure of a request made once the transport was closed. */
    public static SalvoException closed(TransportRequest request) {
        return new SalvoException(ErrorType.CLIENT_CLOSED, "the transport is closed (" + request + ")");
    }

    /** The failure of an exchange the closing transport ended; {@code cause} is what the stack saw, or null. */
    public static SalvoException closedInProgress(TransportRequest request, Throwable cause) {
        return new SalvoException(ErrorType.CLIENT_CLOSED, "the transport was closed while the exchange was in progress ("
                + request + ")", cause);
    }

    /** "closed", or how many exchanges are in progress: for a transport's {@code toString}. */
    @Override
    public String toString() {
        return isClosed() ? "closed" : active.size() + " active";
    }
}
