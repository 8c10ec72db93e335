package dev.salvo.transport.netty;

import static dev.salvo.conformance.support.Exchanges.failure;
import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.Stats;
import dev.salvo.testserver.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The configured limits hold exactly: per host, in all, idle count and idle time; waiting requests leave cleanly. */
class LimitsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void threePerHostMeansTheServerSeesThreeConnections() {
        Stats stats = quietStats();
        try (NettyTransport t = transport(c -> c.maxPerHost(3))) {
            List<CompletableFuture<TransportResponse>> fs = fire(t, server.httpUrl(), 12, "/salvo/hold/200");
            fs.forEach(f -> assertThat(Exchanges.await(f).status()).as("status").isEqualTo(200));
            assertThat(stats.peakInFlight()).as("peak in flight with 3 per host (%s)", stats).isEqualTo(3);
            assertThat(stats.connectionsAccepted()).as("connections for 12 requests, 3 per host").isEqualTo(3);
            assertThat(t.pool().acquired()).as("acquired after the batch").isZero();
        }
    }

    @Test
    void totalLimitHoldsAcrossHosts() {
        Stats stats = quietStats();
        URI byIp = server.httpUrl();
        URI byName = URI.create("http://localhost:" + byIp.getPort());
        try (NettyTransport t = transport(c -> c.maxConnections(2))) {
            List<CompletableFuture<TransportResponse>> fs = new ArrayList<>(fire(t, byIp, 4, "/salvo/hold/200"));
            fs.addAll(fire(t, byName, 4, "/salvo/hold/200"));
            fs.forEach(f -> assertThat(Exchanges.await(f).status()).as("status").isEqualTo(200));
            assertThat(stats.peakInFlight()).as("peak in flight with 2 in all over two origins (%s)", stats).isEqualTo(2);
            assertThat(t.pool().open()).as("connections open after the batch").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aWaitingRequestTimesOutWithinItsConnectTimeoutAndLeavesTheQueue() {
        try (NettyTransport t = transport(c -> c.maxPerHost(1))) {
            CompletableFuture<TransportResponse> holder = t.exchange(get(server.httpUrl().resolve("/salvo/hold/3000")).build());
            long start = System.nanoTime();
            var e = failure(t.exchange(get(server.httpUrl().resolve("/get")).connectTimeout(Duration.ofMillis(200)).build()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.type()).as("error of a request waiting for a connection").isEqualTo(ErrorType.CONNECT_TIMEOUT);
            assertThat(ms).as("ms until the 200 ms connect timeout fired").isLessThan(2000);
            assertThat(t.pool().host(get(server.httpUrl()).build()).hasWaiters()).as("still queued").isFalse();
            assertThat(Exchanges.await(holder).status()).as("the holder").isEqualTo(200);
            assertThat(Exchanges.await(t.exchange(get(server.httpUrl().resolve("/get")).build())).status())
                    .as("next request").isEqualTo(200);
            assertThat(t.pool().acquired()).as("acquired at the end").isZero();
            assertThat(t.pool().open()).as("connections open at the end").isEqualTo(1);
        }
    }

    @Test
    void aCancelledWaitingRequestLeavesTheQueueAndIsNeverSent() {
        Stats stats = quietStats();
        try (NettyTransport t = transport(c -> c.maxPerHost(1))) {
            CompletableFuture<TransportResponse> holder = t.exchange(get(server.httpUrl().resolve("/salvo/hold/500")).build());
            CompletableFuture<TransportResponse> waiting = t.exchange(get(server.httpUrl().resolve("/get?waiting")).build());
            HostPool host = t.pool().host(get(server.httpUrl()).build());
            assertThat(host.hasWaiters()).as("queued behind the holder").isTrue();
            assertThat(waiting.cancel(true)).as("cancel").isTrue();
            assertThat(host.hasWaiters()).as("still queued after cancel").isFalse();
            assertThat(Exchanges.await(holder).status()).as("the holder").isEqualTo(200);
            assertThat(stats.requestsReceived()).as("requests the server received").isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> t.pool().acquired() == 0);
        }
    }

    @Test
    void idleConnectionsAreCappedAndExpire() {
        Stats stats = quietStats();
        try (NettyTransport t = transport(c -> c.maxIdle(1).idleTimeout(Duration.ofMillis(300)))) {
            fire(t, server.httpUrl(), 4, "/salvo/hold/100").forEach(Exchanges::await);
            assertThat(stats.connectionsAccepted()).as("connections for 4 concurrent requests").isEqualTo(4);
            assertThat(t.pool().idle()).as("idle connections kept, at most 1").isEqualTo(1);
            await("the other connections closed (" + stats + ")").atMost(Duration.ofSeconds(5))
                    .until(() -> stats.openConnections() == 1);
            await("the idle one closed after the 300 ms idle timeout (" + stats + ")").atMost(Duration.ofSeconds(5))
                    .until(() -> stats.openConnections() == 0 && t.pool().open() == 0);
        }
    }

    @Test
    void unlimitedPoolsGrowToTheConcurrencyAsked() {
        Stats stats = quietStats();
        try (NettyTransport t = transport(c -> c)) {
            fire(t, server.httpUrl(), 50, "/salvo/hold/300").forEach(Exchanges::await);
            assertThat(stats.peakInFlight()).as("peak in flight for 50 at once, no limit").isEqualTo(50);
        }
    }

    private static List<CompletableFuture<TransportResponse>> fire(NettyTransport t, URI base, int n, String path) {
        List<CompletableFuture<TransportResponse>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(t.exchange(get(base.resolve(path + "?i=" + i)).build()));
        }
        return fs;
    }

    private static NettyTransport transport(UnaryOperator<Configs.Builder> settings) {
        return Support.transport(Configs.config(settings));
    }

    private static Stats quietStats() {
        Stats stats = server.stats();
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.inFlight() == 0 && stats.openConnections() == 0);
        stats.reset();
        return stats;
    }
}
