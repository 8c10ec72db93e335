package dev.salvo.transport.netty;

import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An origin's pool is dropped once no exchange and no connection needs it, so memory follows the
 * origins in use rather than every origin ever asked for; and dropping one never strands an
 * exchange or loosens a limit, however requests for the same origin race with it.
 */
class PoolEvictionTest {
    private static final int ORIGINS = 300;
    private static final Duration IDLE = Duration.ofMillis(500);

    @Test
    void thePoolsOfManyOriginsAreDroppedOnceTheirConnectionsHaveIdledOut() throws InterruptedException {
        try (ManyPortsServer server = ManyPortsServer.start(ORIGINS, false);
             NettyTransport t = Support.transport(Configs.config(c -> c.idleTimeout(IDLE)))) {
            List<URI> origins = server.urls();
            for (int round = 1; round <= 3; round++) {
                List<CompletableFuture<TransportResponse>> fs = new ArrayList<>();
                for (URI origin : origins) {
                    fs.add(t.exchange(get(origin.resolve("/round-" + round)).build()));
                }
                fs.forEach(f -> assertThat(Exchanges.await(f).status()).as("status").isEqualTo(200));
                assertThat(server.connectionsAccepted()).as("connections after round %d, one per origin", round)
                        .isEqualTo(round * ORIGINS);
                int r = round;
                await("pools dropped after round " + r + " and the " + IDLE + " idle timeout (" + t + ")")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> t.pool().hostPools() == 0 && t.pool().open() == 0);
            }
            assertThat(t.pool().retiredPools()).as("pools retired over 3 rounds of %d origins", ORIGINS)
                    .isGreaterThanOrEqualTo(3L * ORIGINS);
            assertThat(t.pool().acquired()).as("connections acquired at the end").isZero();
        }
    }

    @Test
    void originsThatFailOrTimeOutInTheQueueLeaveNoPool() throws IOException, InterruptedException {
        URI refused;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/");
        }
        try (RawPeer silent = RawPeer.start((r, out) -> { });
             NettyTransport t = Support.transport(Configs.config(c -> c.maxPerHost(1).idleTimeout(IDLE)))) {
            List<CompletableFuture<TransportResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(t.exchange(get(refused.resolve("/r" + i)).build()));
            }
            // one holds the only connection to the silent peer until its read timeout; the others time out waiting
            fs.add(t.exchange(get(silent.url("/held")).readTimeout(Duration.ofMillis(1500)).build()));
            for (int i = 0; i < 5; i++) {
                fs.add(t.exchange(get(silent.url("/queued" + i)).connectTimeout(Duration.ofMillis(200)).build()));
            }
            CompletableFuture<TransportResponse> cancelled = t.exchange(get(silent.url("/cancelled")).build());
            assertThat(cancelled.cancel(true)).as("cancel").isTrue();
            for (int i = 0; i < 20; i++) {
                assertThat(Exchanges.failureType(fs.get(i))).as("error of a refused connection").isEqualTo(ErrorType.CONNECT_REFUSED);
            }
            assertThat(Exchanges.failureType(fs.get(20))).as("error of the held one").isEqualTo(ErrorType.READ_TIMEOUT);
            for (int i = 21; i < fs.size(); i++) {
                assertThat(Exchanges.failureType(fs.get(i))).as("error of a queued one").isEqualTo(ErrorType.CONNECT_TIMEOUT);
            }
            await("pools dropped (" + t + ")").atMost(Duration.ofSeconds(10))
                    .until(() -> t.pool().hostPools() == 0 && t.pool().open() == 0);
            assertThat(t.pool().acquired()).as("connections acquired at the end").isZero();
        }
    }

    @Test
    void requestsRacingThePoolOfTheirOriginBeingDroppedAllSucceedWithinTheLimit() throws Exception {
        int threads = 3;
        int each = 300;
        // every response closes its connection, so the pool empties, and is dropped, between requests
        try (ManyPortsServer server = ManyPortsServer.start(1, true);
             NettyTransport t = Support.transport(Configs.config(c -> c.maxPerHost(1)))) {
            URI origin = server.urls().get(0);
            ExecutorService callers = Executors.newFixedThreadPool(threads);
            // the callers start each round together, once all had their answer: between rounds no
            // exchange refers to the pool, so it is dropped as its last connection closes, while the
            // next round's requests race to use it (without the rounds, a queued request could keep
            // the pool alive through the whole run on a busy machine)
            CyclicBarrier round = new CyclicBarrier(threads);
            try {
                List<Future<Integer>> oks = new ArrayList<>();
                for (int n = 0; n < threads; n++) {
                    oks.add(callers.submit(() -> {
                        int ok = 0;
                        for (int i = 0; i < each; i++) {
                            round.await(10, TimeUnit.SECONDS);
                            ok += Exchanges.await(t.exchange(get(origin).build())).status() == 200 ? 1 : 0;
                        }
                        return ok;
                    }));
                }
                for (Future<Integer> ok : oks) {
                    assertThat(ok.get()).as("requests answered 200 on one caller").isEqualTo(each);
                }
            } finally {
                callers.shutdownNow();
            }
            assertThat(server.peakOpenConnections()).as("peak connections open at once with 1 per host")
                    .isEqualTo(1);
            assertThat(server.connectionsAccepted()).as("connections, one per request").isEqualTo(threads * each);
            assertThat(t.pool().retiredPools()).as("times the origin's pool was dropped and made anew meanwhile")
                    .isPositive();
            await("pools dropped at the end (" + t + ")").atMost(Duration.ofSeconds(10))
                    .until(() -> t.pool().hostPools() == 0 && t.pool().open() == 0);
            assertThat(t.pool().acquired()).as("connections acquired at the end").isZero();
        }
    }
}
