package dev.salvo.transport.okhttp;

import static dev.salvo.transport.okhttp.Fixture.get;
import static dev.salvo.transport.okhttp.Fixture.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the kit's SPI category cannot see (it checks the same events at the server): the transport's
 * list of active exchanges, OkHttp's dispatcher and connection pool are back to empty after a
 * cancel, an early close of a stream and a close of the transport; and OkHttp's process-wide
 * threads, which the kit tolerates as no client's, are daemons.
 */
class ExchangeBookkeepingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final Fixture env = new Fixture();

    @BeforeEach
    void noConnectionsOpen() {
        env.transport().client().connectionPool().evictAll();
        await().atMost(WAIT).until(() -> env.server().stats().openConnections() == 0);
    }

    @Test
    void aCancelledExchangeLeavesNoActiveCallNorPooledConnection() {
        CompletableFuture<TransportResponse> f = env.transport().exchange(get(env.url("/fault/never-responds")));
        await().atMost(WAIT).until(() -> env.server().stats().inFlight() == 1);

        assertThat(f.cancel(true)).isTrue();

        await("exchange, call and connection gone after cancel").atMost(WAIT).until(() -> env.transport().activeCount() == 0
                && env.transport().client().dispatcher().runningCallsCount() == 0
                && env.transport().client().connectionPool().connectionCount() == 0);
    }

    @Test
    void aStreamClosedEarlyLeavesNoActiveExchange() throws IOException {
        InputStream in = Exchanges.await(env.transport().exchange(stream(env.url("/fault/endless-body")))).stream();
        assertThat(in.readNBytes(1000)).hasSize(1000);

        in.close();

        assertThat(env.transport().activeCount()).as("active exchanges after the stream was closed").isZero();
    }

    @Test
    void aStreamReadToItsEndLeavesItsConnectionIdleInThePool() throws IOException {
        try (InputStream in = Exchanges.await(env.transport().exchange(stream(env.url("/bytes/100000")))).stream()) {
            assertThat(in.readAllBytes()).hasSize(100_000);
        }
        assertThat(env.transport().client().connectionPool().idleConnectionCount()).as("idle pooled connections").isEqualTo(1);
    }

    @Test
    void closeEmptiesThePool() {
        OkHttpTransport t = Fixture.transport(Fixture.config());
        Exchanges.await(t.exchange(get(env.url("/get"))));
        assertThat(t.client().connectionPool().connectionCount()).as("pooled connections before close").isEqualTo(1);

        t.close();

        assertThat(t.client().connectionPool().connectionCount()).as("pooled connections after close").isZero();
        assertThat(t.activeCount()).as("active exchanges after close").isZero();
    }

    @Test
    void okHttpsSharedThreadsAreDaemons() {
        Exchanges.await(env.transport().exchange(get(env.url("/get"))));
        Set<Thread> shared = new HashSet<>(Fixture.threadsNamed("OkHttp TaskRunner"));
        shared.addAll(Fixture.threadsNamed("Okio Watchdog"));
        assertThat(shared).as("OkHttp's process-wide threads (tolerated by the kit)").isNotEmpty()
                .allSatisfy(th -> assertThat(th.isDaemon()).as("%s is a daemon", th.getName()).isTrue());
    }
}
