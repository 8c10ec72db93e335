package dev.salvo.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What every transport inherits: refusal after close, exchanges failed by close, shutdown once. */
class TransportBaseTest {

    /** A transport whose exchanges never end by themselves. */
    static final class Stalled extends TransportBase {
        final List<String> events = new ArrayList<>();
        ActiveExchangesTest.Recorded last;

        Stalled() {
            super(Set.of(Capability.HTTP2));
        }

        @Override
        protected CompletableFuture<TransportResponse> start(TransportRequest request) {
            last = new ActiveExchangesTest.Recorded(exchanges());
            return launch(last, () -> events.add("started"));
        }

        @Override
        protected void shutdown() {
            events.add("shutdown with " + exchanges().size() + " active");
        }
    }

    private static ErrorType failureType(CompletableFuture<TransportResponse> f) throws InterruptedException {
        try {
            f.get();
            throw new AssertionError("completed normally");
        } catch (ExecutionException e) {
            return ((SalvoException) e.getCause()).type();
        }
    }

    @Test
    void closeFailsTheExchangesInProgressThenShutsDownOnce() throws InterruptedException {
        Stalled t = new Stalled();
        CompletableFuture<TransportResponse> f = t.exchange(ActiveExchangesTest.GET);
        assertThat(t.events).containsExactly("started");
        t.close();
        t.close();
        assertThat(failureType(f)).isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThat(t.events).containsExactly("started", "shutdown with 0 active");
        assertThat(t.isClosed()).isTrue();
    }

    @Test
    void aRequestAfterCloseIsRefusedWithoutStarting() throws InterruptedException {
        Stalled t = new Stalled();
        t.close();
        assertThat(failureType(t.exchange(ActiveExchangesTest.GET))).isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThat(t.last).as("no exchange made").isNull();
    }

    @Test
    void capabilitiesAreTheOnesGiven() {
        assertThat(new Stalled().capabilities()).containsExactly(Capability.HTTP2);
    }

    @Test
    void stopAndAwaitEndsTheExecutorsThreadsAndKeepsAnInterrupt() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.execute(() -> { });
        TransportBase.stopAndAwait(executor);
        assertThat(executor.isTerminated()).isTrue();
        ExecutorService other = Executors.newSingleThreadExecutor();
        Thread.currentThread().interrupt();
        try {
            TransportBase.stopAndAwait(other);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
