package dev.salvo.transport.okhttp;

import static dev.salvo.transport.okhttp.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A request's own timeouts win over the client's, and go through the one client. */
class TimeoutsTest {
    @RegisterExtension
    static final Fixture env = new Fixture();

    @Test
    void aShorterRequestReadTimeoutFires() {
        long start = System.nanoTime();
        ErrorType type = Exchanges.failureType(env.transport().exchange(Fixture.withTimeouts(get(env.url("/delay/3")),
                Duration.ofSeconds(5), Duration.ofMillis(300))));
        assertThat(type).isEqualTo(ErrorType.READ_TIMEOUT);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the 300 ms read timeout fired").isLessThan(2500);
    }

    @Test
    void aHeadDrippingOneByteEvery500msPassesA1sReadTimeout() throws IOException {
        byte[] head = RawPeer.bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        int dripped = 6;
        try (RawPeer peer = RawPeer.start((request, out) -> RawPeer.drip(out, head, dripped, Duration.ofMillis(500)))) {
            long start = System.nanoTime();
            TransportResponse r = Exchanges.await(env.transport().exchange(Fixture.withTimeouts(get(peer.url("/drip")),
                    Duration.ofSeconds(5), Duration.ofSeconds(1))));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.status()).as("status after a head that took %d ms against a 1 s read timeout", ms)
                    .isEqualTo(200);
            assertThat(ms).as("ms the head took to arrive (%d bytes, one per 500 ms)", dripped)
                    .isGreaterThanOrEqualTo(2500);
        }
    }

    @Test
    void aLongerRequestReadTimeoutIsHonoured() {
        try (OkHttpTransport t = Fixture.transport(Fixture.config(Integer.MAX_VALUE, Integer.MAX_VALUE, 64,
                Duration.ofSeconds(60), Duration.ofMillis(300)))) {
            assertThat(Exchanges.failureType(t.exchange(Fixture.withTimeouts(get(env.url("/delay/1")),
                    Duration.ofSeconds(5), Duration.ofMillis(300))))).as("with 300 ms, the client's").isEqualTo(ErrorType.READ_TIMEOUT);
            TransportResponse r = Exchanges.await(t.exchange(Fixture.withTimeouts(get(env.url("/delay/1")),
                    Duration.ofSeconds(5), Duration.ofSeconds(5))));
            assertThat(r.status()).as("with the request's 5 s").isEqualTo(200);
        }
    }

    @Test
    void requestsWithDistinctTimeoutsShareTheOneDispatcherAndPool() {
        OkHttpTransport t = env.transport();
        t.client().connectionPool().evictAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> t.client().connectionPool().connectionCount() == 0);
        List<CompletableFuture<TransportResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(t.exchange(Fixture.withTimeouts(get(env.url("/salvo/hold/1000")),
                    Duration.ofSeconds(5 + i), Duration.ofSeconds(10 + i))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> t.client().dispatcher().runningCallsCount() == 5);
        futures.forEach(Exchanges::await);
        assertThat(t.client().connectionPool().idleConnectionCount()).as("connections back in the one pool").isEqualTo(5);
    }
}
