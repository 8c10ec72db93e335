package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RequestBuilder;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.Stats;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What the SPI category's tests share: requests to the embedded server, bounded waits, typed-failure checks. */
final class Spi {
    /** How long the server may take to see what a transport did to a connection. */
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(5);

    private Spi() {
    }

    /** A buffered GET of {@code path} on the embedded server. */
    static TransportRequest get(Kit kit, String path) {
        return RequestBuilder.get(URI.create(kit.url(path))).build();
    }

    /** A streamed GET of {@code path} on the embedded server. */
    static TransportRequest stream(Kit kit, String path) {
        return RequestBuilder.get(URI.create(kit.url(path))).streaming().build();
    }

    /** Waits (at most {@link #WAIT}) until the server's counters satisfy {@code condition}, which {@code what} describes. */
    static void awaitServer(Stats stats, String what, Predicate<Stats> condition) {
        await().pollDelay(Duration.ZERO).pollInterval(POLL).atMost(WAIT).untilAsserted(() ->
                assertThat(condition.test(stats)).as("%s (server: %s)", what, stats).isTrue());
    }

    /** Calls {@code t.exchange(r)}, which must return a future rather than throw, whatever the fault. */
    static CompletableFuture<TransportResponse> exchange(Transport t, TransportRequest r, String when) {
        try {
            CompletableFuture<TransportResponse> f = t.exchange(r);
            assertThat(f).as("future returned by exchange(%s) %s", r, when).isNotNull();
            return f;
        } catch (RuntimeException e) {
            throw new AssertionError("exchange(" + r + ") " + when + " threw " + e + ": a transport reports every fault"
                    + " through the returned future, as a SalvoException", e);
        }
    }

    /** The future's failure, which must be a {@link SalvoException} of {@code type}; {@code what} names the exchange. */
    static SalvoException failure(CompletableFuture<TransportResponse> f, ErrorType type, String what) {
        Throwable cause;
        try {
            TransportResponse r = f.get(Exchanges.WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError(what + ": expected to fail with " + type + ", but it succeeded with status "
                    + r.status());
        } catch (ExecutionException e) {
            cause = e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(what + ": expected to fail with " + type + ", but it did not complete in "
                    + Exchanges.WAIT_SECONDS + " s", e);
        }
        assertThat(cause).as("%s: failure (expected a SalvoException of type %s)", what, type)
                .isInstanceOf(SalvoException.class);
        assertThat(((SalvoException) cause).type()).as("%s: error type (message: %s)", what, cause.getMessage())
                .isEqualTo(type);
        return (SalvoException) cause;
    }

    /** Runs {@code read}, which must throw an IOException whose cause is a SalvoException of {@code type}. */
    static void readFails(ThrowingCallable read, ErrorType type, String what) {
        Throwable thrown = null;
        try {
            read.call();
        } catch (Throwable t) {
            thrown = t;
        }
        assertThat(thrown).as("%s: expected an IOException caused by a SalvoException of type %s, but reading"
                + " succeeded", what, type).isNotNull();
        assertThat(thrown).as("%s: what reading threw", what).isInstanceOf(IOException.class);
        assertThat(thrown.getCause()).as("%s: cause of the IOException %s (a stream's errors carry a SalvoException"
                + " naming the fault)", what, thrown).isInstanceOf(SalvoException.class);
        assertThat(((SalvoException) thrown.getCause()).type()).as("%s: error type (message: %s)", what,
                thrown.getCause().getMessage()).isEqualTo(type);
    }
}
