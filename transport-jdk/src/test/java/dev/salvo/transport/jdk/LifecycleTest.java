package dev.salvo.transport.jdk;

import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.Threads;
import dev.salvo.spi.Capability;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cancellation and close: connections and threads are given back. */
class LifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport();

    @BeforeEach
    void noConnectionsOpen() {
        env.server().closeConnections(); // those a closed Java 17 client leaves until it is collected
        await().atMost(WAIT).until(() -> env.server().stats().openConnections() == 0);
    }

    @Test
    void cancellingTheFutureAbortsTheExchangeAndClosesItsConnection() {
        CompletableFuture<TransportResponse> f = env.transport().exchange(get(env.url("/fault/never-responds")).build());
        await().atMost(WAIT).until(() -> env.server().stats().inFlight() == 1 && env.server().stats().openConnections() == 1);

        assertThat(f.cancel(true)).isTrue();

        await().atMost(WAIT).until(() -> env.server().stats().openConnections() == 0);
        await().atMost(WAIT).until(() -> env.transport().activeCount() == 0);
    }

    @Test
    void cancellingDuringABufferedBodyClosesItsConnection() {
        CompletableFuture<TransportResponse> f = env.transport().exchange(get(env.url("/fault/slow-body?bytes=100&interval_ms=50")).build());
        await().atMost(WAIT).until(() -> env.server().stats().openConnections() == 1 && env.server().stats().inFlight() == 1);

        f.cancel(true);

        assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
        await().atMost(WAIT).until(() -> env.server().stats().openConnections() == 0);
    }

    @Test
    void closingAStreamEarlyClosesItsConnection() throws IOException {
        TransportResponse r = env.transport().exchange(get(env.url("/fault/endless-body")).streaming().build()).join();
        InputStream in = r.stream();
        assertThat(in.readNBytes(100_000)).hasSize(100_000);
        assertThat(env.server().stats().openConnections()).isEqualTo(1);

        in.close();

        await().atMost(WAIT).until(() -> env.server().stats().openConnections() == 0);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
        await().atMost(WAIT).until(() -> env.transport().activeCount() == 0);
    }

    @Test
    void closeEndsEveryThreadAndSocketAndFailsWhatIsInProgress() throws IOException {
        Set<String> before = Threads.named("salvo-jdk-", "HttpClient-");
        JdkTransport t = Support.transport(Configs.config());
        // four pooled connections
        List<CompletableFuture<TransportResponse>> done = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            done.add(t.exchange(get(env.url("/salvo/hold/100")).build()));
        }
        done.forEach(CompletableFuture::join);
        // one exchange waiting for its head, one streaming body half read
        CompletableFuture<TransportResponse> pending = t.exchange(get(env.url("/fault/never-responds")).build());
        TransportResponse streaming = t.exchange(get(env.url("/fault/endless-body")).streaming().build()).join();
        InputStream stream = streaming.stream();
        stream.readNBytes(1000);
        await().atMost(WAIT).until(() -> env.server().stats().inFlight() == 2);
        Set<String> created = new HashSet<>(Threads.named("salvo-jdk-", "HttpClient-"));
        created.removeAll(before);
        assertThat(created).anyMatch(n -> n.startsWith("salvo-jdk-"));
        assertThat(created).anyMatch(n -> n.startsWith("HttpClient-") && n.endsWith("-SelectorManager"));
        assertThat(env.server().stats().openConnections()).isEqualTo(4); // the last two reused pooled connections
        Set<Thread> senders = t.senderThreads();
        if (BlockingSend.wanted()) {
            assertThat(senders).as("sender threads while exchanges are in flight").isNotEmpty();
        }

        t.close();

        SalvoException closed = Exchanges.failure(pending);
        assertThat(closed.type()).isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThatThrownBy(() -> stream.readNBytes(1 << 20)).isInstanceOf(IOException.class)
                .cause().isInstanceOf(SalvoException.class)
                .extracting(c -> ((SalvoException) c).type()).isEqualTo(ErrorType.CLIENT_CLOSED);
        // sender threads are virtual on Java 21+, which no enumeration lists: the transport's own list
        assertThat(senders).as("sender threads alive after close()").noneMatch(Thread::isAlive);
        assertThat(t.senderThreads()).as("sender threads left by close()").isEmpty();
        if (ClientShutdown.supported()) {
            Set<String> left = Threads.named("salvo-jdk-", "HttpClient-");
            assertThat(left).as("threads left by close()").doesNotContainAnyElementsOf(created);
            await().atMost(WAIT).until(() -> env.server().stats().openConnections() == 0);
        } else {
            // Java 17: the HttpClient cannot be stopped; the transport's own threads end and the two
            // exchanges in progress lose their connections, the two idle ones wait for the client's collection
            Set<String> left = Threads.named("salvo-jdk-");
            assertThat(left).as("transport threads left by close()").doesNotContainAnyElementsOf(created);
            await().atMost(WAIT).until(() -> env.server().stats().inFlight() == 0
                    && env.server().stats().openConnections() <= 2);
            assertThat(t.capabilities()).as("capabilities on Java 17").doesNotContain(Capability.RELEASE_ON_CLOSE);
        }

        t.close(); // a no-op
        assertThat(Exchanges.failureType(t.exchange(get(env.url("/get")).build()))).isEqualTo(ErrorType.CLIENT_CLOSED);
    }

    @Test
    void closeRacingCloseIsSafe() throws Exception {
        JdkTransport t = Support.transport(Configs.config());
        t.exchange(get(env.url("/get")).build()).join();
        Thread other = new Thread(t::close);
        other.start();
        t.close();
        other.join(15_000);
        assertThat(other.isAlive()).isFalse();
        assertThat(Exchanges.failureType(t.exchange(get(env.url("/get")).build()))).isEqualTo(ErrorType.CLIENT_CLOSED);
    }
}
