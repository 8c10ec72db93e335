package dev.salvo.conformance;

import static dev.salvo.conformance.Spi.awaitServer;
import static dev.salvo.conformance.Spi.exchange;
import static dev.salvo.conformance.Spi.failure;
import static dev.salvo.conformance.Spi.get;
import static dev.salvo.conformance.Spi.readFails;
import static dev.salvo.conformance.Spi.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.ErrorType;
import dev.salvo.conformance.ReleaseOnCloseTests.Resources;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.Capability;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The SPI category, cancellation and close: {@link Transport#exchange} driven directly, below core.
 * Cancelling an exchange's future aborts it and frees its connection; closing a stream early does
 * the same, reading it to the end returns the connection to the pool; {@link Transport#close()}
 * fails what is in progress with {@link ErrorType#CLIENT_CLOSED} (a stream being read included, as
 * an IOException), refuses new work the same way without sending it, is safe to race, and, with
 * {@link Capability#RELEASE_ON_CLOSE}, ends every thread and socket the transport started.
 *
 * <p>Where a test caps the transport at one connection per host, the next exchange succeeding shows
 * the freed connection is given back to the transport's own count too (on a transport that enforces
 * the cap; one that leaves it to core passes that step trivially).
 */
public interface SpiLifecycleTests extends KitContext {

    @Test
    default void cancellingAnExchangeAwaitingItsHeadClosesItsConnection() {
        Stats stats = kit().quietStats();
        Transport t = kit().transport(c -> c.maxPerHost(1));
        CompletableFuture<TransportResponse> f = exchange(t, get(kit(), "/fault/never-responds"), "");
        awaitServer(stats, "the request at the server", s -> s.inFlight() == 1 && s.openConnections() == 1);
        assertThat(f.cancel(true)).as("cancel(true) of an exchange awaiting its head").isTrue();
        awaitServer(stats, "connection of the cancelled exchange closed (its request is unanswered, so it cannot be"
                + " reused)", s -> s.inFlight() == 0 && s.openConnections() == 0);
        assertThat(Exchanges.await(exchange(t, get(kit(), "/get"), "after a cancel")).status())
                .as("status of the next exchange, at most one connection per host").isEqualTo(200);
    }

    @Test
    default void cancellingDuringABufferedBodyClosesItsConnection() {
        Stats stats = kit().quietStats();
        Transport t = kit().transport();
        CompletableFuture<TransportResponse> f = exchange(t, get(kit(), "/fault/slow-body?bytes=100&interval_ms=50"), "");
        awaitServer(stats, "the request at the server", s -> s.inFlight() == 1 && s.openConnections() == 1);
        f.cancel(true);
        assertThatThrownBy(f::join).as("join() of the cancelled exchange").isInstanceOf(CancellationException.class);
        awaitServer(stats, "connection of the exchange cancelled while its body arrived closed",
                s -> s.inFlight() == 0 && s.openConnections() == 0);
    }

    @Test
    default void closingAStreamEarlyClosesItsConnection() throws IOException {
        Stats stats = kit().quietStats();
        Transport t = kit().transport(c -> c.maxPerHost(1));
        InputStream in = Exchanges.await(exchange(t, stream(kit(), "/fault/endless-body"), "")).stream();
        assertThat(in.readNBytes(100_000)).as("first bytes of an endless body").hasSize(100_000);
        in.close();
        awaitServer(stats, "connection of a stream closed before its end closed",
                s -> s.inFlight() == 0 && s.openConnections() == 0);
        assertThatThrownBy(in::read).as("read() of a closed stream").isInstanceOf(IOException.class);
        assertThat(Exchanges.await(exchange(t, get(kit(), "/get"), "after a stream closed early")).status())
                .as("status of the next exchange, at most one connection per host").isEqualTo(200);
    }

    @Test
    default void aStreamReadToItsEndReturnsItsConnectionToThePool() throws IOException {
        Stats stats = kit().quietStats();
        Transport t = kit().transport(c -> c.maxPerHost(1));
        TransportResponse streamed = Exchanges.await(exchange(t, stream(kit(), "/bytes/100000"), ""));
        try (InputStream in = streamed.stream()) {
            assertThat(in.readAllBytes()).as("streamed body").hasSize(100_000);
        }
        TransportResponse next = Exchanges.await(exchange(t, get(kit(), "/get"), "after a stream read to its end"));
        assertThat(Exchanges.connectionId(next)).as("connection of the exchange after a stream read to its end")
                .isEqualTo(Exchanges.connectionId(streamed));
        assertThat(stats.connectionsAccepted()).as("connections accepted for both").isEqualTo(1);
    }

    @Test
    default void closeFailsExchangesInProgressWithClientClosed() {
        Stats stats = kit().quietStats();
        // one connection per host: the second exchange waits for a connection where the transport caps them
        Transport t = kit().transport(c -> c.maxPerHost(1));
        CompletableFuture<TransportResponse> first = exchange(t, get(kit(), "/fault/never-responds?i=1"), "");
        CompletableFuture<TransportResponse> second = exchange(t, get(kit(), "/fault/never-responds?i=2"), "");
        awaitServer(stats, "a request at the server", s -> s.inFlight() >= 1);
        t.close();
        failure(first, ErrorType.CLIENT_CLOSED, "an exchange awaiting its head at close()");
        failure(second, ErrorType.CLIENT_CLOSED, "a second exchange in progress at close()");
        awaitServer(stats, "connections of the exchanges failed by close() closed",
                s -> s.inFlight() == 0 && s.openConnections() == 0);
    }

    @Test
    default void closeFailsAStreamBeingReadWithClientClosed() throws IOException {
        Stats stats = kit().quietStats();
        Transport t = kit().transport();
        InputStream in = Exchanges.await(exchange(t, stream(kit(), "/fault/endless-body"), "")).stream();
        assertThat(in.readNBytes(1000)).as("first bytes of an endless body").hasSize(1000);
        t.close();
        readFails(() -> in.readNBytes(1 << 20), ErrorType.CLIENT_CLOSED, "reading a stream after close()");
        in.close();
        awaitServer(stats, "connection of the stream failed by close() closed",
                s -> s.inFlight() == 0 && s.openConnections() == 0);
    }

    @Test
    default void aClosedTransportRefusesNewExchangesWithClientClosed() {
        Stats stats = kit().quietStats();
        Transport t = kit().transport();
        assertThat(Exchanges.await(exchange(t, get(kit(), "/get"), "")).status()).as("status before close").isEqualTo(200);
        t.close();
        t.close(); // a no-op
        long received = stats.requestsReceived();
        failure(exchange(t, get(kit(), "/get?after=close"), "after close()"), ErrorType.CLIENT_CLOSED,
                "an exchange on a closed transport");
        assertThat(stats.requestsReceived()).as("requests the server received for an exchange after close()")
                .isEqualTo(received);
    }

    @Test
    default void racingClosesBothReturnAndLeaveTheTransportClosed() throws Exception {
        Stats stats = kit().quietStats();
        Transport t = kit().transport();
        assertThat(Exchanges.await(exchange(t, get(kit(), "/get"), "")).status()).as("status before close").isEqualTo(200);
        CyclicBarrier together = new CyclicBarrier(2);
        AtomicReference<Throwable> otherFailed = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                together.await();
                t.close();
            } catch (Throwable e) {
                otherFailed.set(e);
            }
        }, "kit-racing-close");
        other.start();
        together.await();
        t.close();
        other.join(Spi.WAIT.toMillis());
        assertThat(other.isAlive()).as("the racing close() still running %d ms after this one returned",
                Spi.WAIT.toMillis()).isFalse();
        assertThat(otherFailed.get()).as("what the racing close() threw").isNull();
        failure(exchange(t, get(kit(), "/get"), "after racing closes"), ErrorType.CLIENT_CLOSED,
                "an exchange after two racing closes");
        if (t.capabilities().contains(Capability.RELEASE_ON_CLOSE)) {
            awaitServer(stats, "pooled connection closed by the racing closes", s -> s.openConnections() == 0);
        }
    }

    @Test
    default void closeEndsEveryThreadAndSocketTheTransportStarted() throws IOException {
        kit().requires(Capability.RELEASE_ON_CLOSE);
        Stats stats = kit().quietStats();
        Resources before = Resources.now();
        Transport t = kit().transport();
        List<CompletableFuture<TransportResponse>> pooled = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pooled.add(exchange(t, get(kit(), "/salvo/hold/100?i=" + i), ""));
        }
        pooled.forEach(Exchanges::await);
        CompletableFuture<TransportResponse> pending = exchange(t, get(kit(), "/fault/never-responds"), "");
        InputStream half = Exchanges.await(exchange(t, stream(kit(), "/fault/endless-body"), "")).stream();
        assertThat(half.readNBytes(1000)).as("first bytes of an endless body").hasSize(1000);
        awaitServer(stats, "an exchange awaiting its head and a stream in progress", s -> s.inFlight() == 2);
        Resources during = Resources.now();
        t.close();
        failure(pending, ErrorType.CLIENT_CLOSED, "an exchange awaiting its head at close()");
        readFails(() -> half.readNBytes(1 << 20), ErrorType.CLIENT_CLOSED, "reading a stream after close()");
        awaitServer(stats, "every connection closed by close()", s -> s.inFlight() == 0 && s.openConnections() == 0);
        org.awaitility.Awaitility.await("threads and sockets back to baseline after close (before: " + before
                + ", while open: " + during + ")").atMost(Spi.WAIT).untilAsserted(() -> {
                    Resources after = Resources.now();
                    assertThat(after.newThreadsSince(before)).as("threads started by the transport still alive").isEmpty();
                    assertThat(after.sockets()).as("open sockets of this JVM (baseline %d)", before.sockets())
                            .isLessThanOrEqualTo(before.sockets());
                });
    }
}
