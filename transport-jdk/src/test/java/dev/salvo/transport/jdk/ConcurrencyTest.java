package dev.salvo.transport.jdk;

import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.TestServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The concurrency asked for is the concurrency the server sees: no per-host cap in the JDK client. */
class ConcurrencyTest {
    private static final int N = 200;

    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport();

    @Test
    void twoHundredExchangesToOneHostAreAllInFlightAtTheServer() throws Exception {
        env.server().stats().reset();
        URI hold = env.server().httpUrl().resolve("/salvo/hold/3500");
        List<CompletableFuture<TransportResponse>> futures = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            futures.add(env.transport().exchange(get(hold).build()));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        for (CompletableFuture<TransportResponse> f : futures) {
            assertThat(f.join().status()).isEqualTo(200);
        }
        assertThat(env.server().stats().peakInFlight()).isEqualTo(N);
        assertThat(env.server().stats().connectionsAccepted()).isEqualTo(N);
        assertThat(env.server().stats().requestsReceived()).isEqualTo(N);
    }
}
