package dev.salvo.spi;

import dev.salvo.ErrorType;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every {@link Transport} does the same way, written once: refusing requests once closing
 * has started, its exchanges in progress ({@link ActiveExchanges}), closing once, and its fixed
 * capabilities. A transport extends this and adds its stack: how an exchange {@link #start}s and
 * how the stack {@link #shutdown}s.
 *
 * <p>Failures: a request made after {@link #close()} began gets a future failed with
 * {@link ErrorType#CLIENT_CLOSED}; closing fails every exchange in progress the same way (those the
 * transport {@link #launch}ed), then runs {@link #shutdown}. A second close is a no-op; one racing
 * the first waits for it (bounded).
 */
public abstract class TransportBase implements Transport {
    private final ActiveExchanges exchanges = new ActiveExchanges();
    private final Set<Capability> capabilities;

    protected TransportBase(Set<Capability> capabilities) {
        this.capabilities = Set.copyOf(capabilities);
    }

    @Override
    public final CompletableFuture<TransportResponse> exchange(TransportRequest request) {
        Objects.requireNonNull(request, "request");
        if (exchanges.isClosed()) {
            return ActiveExchanges.refused(request);
        }
        return start(request);
    }

    /** Starts the exchange of {@code request} on the stack; called only while the transport is open. Never blocks. */
    protected abstract CompletableFuture<TransportResponse> start(TransportRequest request);

    /**
     * Registers {@code exchange} and, unless closing has begun meanwhile (it is then failed with
     * {@link ErrorType#CLIENT_CLOSED}), runs {@code start}; returns the exchange's future.
     */
    protected final CompletableFuture<TransportResponse> launch(TransportExchange exchange, Runnable start) {
        if (exchanges.add(exchange)) {
            start.run();
        }
        return exchange.result();
    }

    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public final void close() {
        exchanges.close(this::shutdown);
    }

    /**
     * Stops the stack, once, after every exchange in progress was failed: ends every thread and
     * closes every socket the transport started.
     */
    protected abstract void shutdown();

    /** The exchanges in progress, for the transport's exchanges to register in. */
    protected final ActiveExchanges exchanges() {
        return exchanges;
    }

    /**
     * For {@link #shutdown}: shuts {@code executor} down and waits for its threads to end, 2 s for
     * its tasks to finish, then interrupts them and waits 1 s more. An interrupt of the caller
     * stops the wait (the threads are interrupted) and is kept.
     */
    protected static void stopAndAwait(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether closing has started. */
    public final boolean isClosed() {
        return exchanges.isClosed();
    }
}
