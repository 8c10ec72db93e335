package dev.salvo.transport.okhttp;

import static dev.salvo.transport.okhttp.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.Stats;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Dispatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OkHttp's hidden limits (64 requests, 5 per host) give way to the configured ones. */
class DispatcherLimitsTest {
    @RegisterExtension
    static final Fixture env = new Fixture();

    @BeforeEach
    void quietServer() {
        env.transport().client().connectionPool().evictAll();
        Stats stats = env.server().stats();
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.inFlight() == 0 && stats.openConnections() == 0);
        stats.reset();
    }

    @Test
    void unlimitedConfigRaisesTheDispatcherLimitsToUnlimited() {
        Dispatcher d = env.transport().client().dispatcher();
        assertThat(d.getMaxRequests()).as("maxRequests").isEqualTo(Integer.MAX_VALUE);
        assertThat(d.getMaxRequestsPerHost()).as("maxRequestsPerHost").isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void configuredCapsBecomeTheDispatcherLimits() {
        try (OkHttpTransport t = Fixture.transport(Fixture.config(100, 7, Duration.ofSeconds(60)))) {
            Dispatcher d = t.client().dispatcher();
            assertThat(d.getMaxRequests()).as("maxRequests").isEqualTo(100);
            assertThat(d.getMaxRequestsPerHost()).as("maxRequestsPerHost").isEqualTo(7);
        }
    }

    @Test
    void twoHundredExchangesToOneHostAreAllInFlightAtTheServer() {
        List<TransportResponse> done = holdAll(env.transport(), 200, 3000);
        Stats stats = env.server().stats();
        assertThat(done).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(stats.peakInFlight()).as("peak in flight at the server (%s)", stats).isEqualTo(200);
        assertThat(stats.connectionsAccepted()).as("connections (%s)", stats).isEqualTo(200);
    }

    @Test
    void aConfiguredPerHostCapIsTheConcurrencyTheServerSees() {
        try (OkHttpTransport t = Fixture.transport(Fixture.config(Integer.MAX_VALUE, 3, Duration.ofSeconds(60)))) {
            holdAll(t, 12, 300);
        }
        Stats stats = env.server().stats();
        assertThat(stats.peakInFlight()).as("peak in flight with 3 per host (%s)", stats).isEqualTo(3);
    }

    @Test
    void thePoolKeepsTheConfiguredNumberOfIdleConnections() {
        try (OkHttpTransport t = Fixture.transport(Fixture.config(Integer.MAX_VALUE, Integer.MAX_VALUE, 4,
                Duration.ofSeconds(60), Duration.ofSeconds(10)))) {
            holdAll(t, 10, 300);
            await("idle connections trimmed to 4").atMost(Duration.ofSeconds(10))
                    .until(() -> t.client().connectionPool().idleConnectionCount() == 4
                            && env.server().stats().openConnections() == 4);
        }
    }

    private static List<TransportResponse> holdAll(OkHttpTransport t, int n, int holdMs) {
        URI hold = env.url("/salvo/hold/" + holdMs);
        List<CompletableFuture<TransportResponse>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(t.exchange(get(hold)));
        }
        return futures.stream().map(Exchanges::await).toList();
    }
}
