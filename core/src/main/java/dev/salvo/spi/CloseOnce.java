package dev.salvo.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The close-once discipline of {@link Transport#close()}: the first call runs the shutdown; a call
 * racing it waits until that has finished (at most 15 s), so that whoever returns from
 * {@code close()} finds the transport closed; later calls return at once. {@link #isClosed()} is
 * true from the moment the first call starts, so exchanges asked for during shutdown are refused.
 */
public final class CloseOnce {
    private static final long RACING_WAIT_SECONDS = 15;

    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** Not yet closed. */
    public CloseOnce() {
    }

    /** Whether closing has started. */
    public boolean isClosed() {
        return started.get();
    }

    /** Runs {@code shutdown} if this is the first call; otherwise waits (bounded) for the first to finish. */
    public void close(Runnable shutdown) {
        if (!started.compareAndSet(false, true)) {
            try {
                done.get(RACING_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the first call reports its own problems
            }
            return;
        }
        try {
            shutdown.run();
        } finally {
            done.complete(null);
        }
    }
}
