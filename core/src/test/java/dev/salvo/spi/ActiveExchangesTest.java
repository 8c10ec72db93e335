package dev.salvo.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The registry of exchanges in progress, its close and its race, and the bookkeeping of one exchange. */
class ActiveExchangesTest {
    static final TransportRequest GET = new TransportRequest("GET", URI.create("http://h/x"), Headers.empty(),
            null, Duration.ofSeconds(1), Duration.ofSeconds(1), false, 1000);

    /** An exchange that records what the base asked of its stack. */
    static final class Recorded extends TransportExchange {
        final List<String> calls = new ArrayList<>();

        Recorded(ActiveExchanges registry) {
            super(registry, GET);
        }

        @Override
        protected SalvoException classify(Throwable e) {
            return new SalvoException(ErrorType.IO, "stack: " + e.getMessage(), e);
        }

        @Override
        protected void released() {
            calls.add("released");
        }

        @Override
        protected void abort(SalvoException e) {
            calls.add("abort " + e.type());
        }

        boolean end() {
            return finish();
        }
    }

    private static ErrorType failureType(CompletableFuture<TransportResponse> f) {
        try {
            f.get();
            throw new AssertionError("completed normally");
        } catch (ExecutionException e) {
            return ((SalvoException) e.getCause()).type();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anExchangeIsCountedUntilItEnds() {
        ActiveExchanges registry = new ActiveExchanges();
        Recorded ex = new Recorded(registry);
        assertThat(registry.add(ex)).as("added while open").isTrue();
        assertThat(registry.size()).isEqualTo(1);
        assertThat(ex.end()).as("first ending").isTrue();
        assertThat(ex.end()).as("second ending").isFalse();
        assertThat(registry.size()).isZero();
        assertThat(ex.calls).containsExactly("released");
    }

    @Test
    void closingFailsEveryExchangeInProgressWithClientClosedThenRunsTheShutdown() {
        ActiveExchanges registry = new ActiveExchanges();
        Recorded a = new Recorded(registry);
        Recorded b = new Recorded(registry);
        registry.add(a);
        registry.add(b);
        List<String> order = new ArrayList<>();
        registry.close(() -> order.add("shutdown with " + registry.size() + " active"));
        assertThat(order).containsExactly("shutdown with 0 active");
        assertThat(failureType(a.result())).isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThat(failureType(b.result())).isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThat(a.calls).containsExactly("released", "abort CLIENT_CLOSED");
        assertThat(registry.isClosed()).isTrue();
        assertThat(registry).hasToString("closed");
    }

    @Test
    void anExchangeAddedAfterTheSweepIsFailedByAddAndNotStarted() {
        ActiveExchanges registry = new ActiveExchanges();
        Recorded late = new Recorded(registry);
        // the sweep ran with nothing to fail; the exchange arrives while the shutdown still runs
        registry.close(() -> assertThat(registry.add(late)).as("added during the shutdown").isFalse());
        assertThat(failureType(late.result())).isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThat(registry.size()).isZero();
        assertThat(registry.add(new Recorded(registry))).as("added after close").isFalse();
    }

    @Test
    void aRequestAfterCloseIsRefused() {
        assertThat(failureType(ActiveExchanges.refused(GET))).isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThat(ActiveExchanges.closed(GET).getMessage()).contains("closed").contains("GET http://h/x");
    }

    @Test
    void aSecondCloseIsANoOp() {
        ActiveExchanges registry = new ActiveExchanges();
        List<String> runs = new ArrayList<>();
        registry.close(() -> runs.add("first"));
        registry.close(() -> runs.add("second"));
        assertThat(runs).containsExactly("first");
    }

    @Test
    void failingEndsOnceAndKeepsTheFirstFailure() {
        ActiveExchanges registry = new ActiveExchanges();
        Recorded ex = new Recorded(registry);
        registry.add(ex);
        SalvoException first = ex.fail(new IOException("boom"));
        assertThat(first.type()).isEqualTo(ErrorType.IO);
        assertThat(first.getMessage()).endsWith("stack: boom");
        assertThat(ex.fail(new SalvoException(ErrorType.PROTOCOL, "later"))).as("a later failure").isSameAs(first);
        assertThat(ex.end()).as("ending after a failure").isFalse();
        assertThat(ex.calls).containsExactly("released", "abort IO");
        assertThat(registry.size()).isZero();
    }

    @Test
    void aRecordedRequestBodyFailureWinsOverTheStacksView() {
        Recorded ex = new Recorded(new ActiveExchanges());
        IOException thrown = ex.requestBodyFailed(new IllegalStateException("disk gone"));
        assertThat(thrown).hasMessageContaining("disk gone");
        SalvoException e = ex.fail(new IOException("broken pipe"));
        assertThat(e.type()).isEqualTo(ErrorType.REQUEST_BODY);
        assertThat(e.getMessage()).contains("disk gone").contains("GET http://h/x");
        assertThat(e.getCause()).isSameAs(thrown);
    }

    @Test
    void aSalvoExceptionIsKeptAsItIs() {
        Recorded ex = new Recorded(new ActiveExchanges());
        ex.requestBodyFailed(new IOException("ignored"));
        SalvoException timeout = new SalvoException(ErrorType.READ_TIMEOUT, "quiet");
        assertThat(ex.fail(new java.util.concurrent.CompletionException(timeout))).isSameAs(timeout);
    }

    @Test
    void aFailureAfterClosingStartedIsClientClosed() {
        ActiveExchanges registry = new ActiveExchanges();
        Recorded ex = new Recorded(registry);
        registry.close(() -> assertThat(ex.fail(new IOException("reset")).type()).isEqualTo(ErrorType.CLIENT_CLOSED));
    }

    @Test
    void cancellingTheFutureFailsTheExchangeAsCancelled() {
        ActiveExchanges registry = new ActiveExchanges();
        Recorded ex = new Recorded(registry);
        registry.add(ex);
        ex.result().cancel(true);
        assertThat(ex.calls).containsExactly("released", "abort CANCELLED");
        assertThat(registry.size()).isZero();
    }

    @Test
    void closingAStreamEarlyIsCancelledAndReadingItToTheEndIsNot() {
        Recorded early = new Recorded(new ActiveExchanges());
        early.streamClosedEarly();
        assertThat(early.calls).containsExactly("released", "abort CANCELLED");
        Recorded read = new Recorded(new ActiveExchanges());
        read.streamEnded();
        assertThat(read.calls).containsExactly("released");
    }
}
