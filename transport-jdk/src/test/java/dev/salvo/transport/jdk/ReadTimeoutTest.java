package dev.salvo.transport.jdk;

import static dev.salvo.conformance.support.Exchanges.await;
import static dev.salvo.conformance.support.Exchanges.failure;
import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Retry;
import dev.salvo.Salvo;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.spi.Capability;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the read timeout means on this transport: it starts once the JDK client has a connection
 * (connecting is the connect timeout's alone), counts the quiet time between the bytes of a body,
 * and, because the JDK client says nothing while a head arrives, the whole wait for the head.
 */
class ReadTimeoutTest {
    private static final Duration READ = Duration.ofMillis(300);

    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport();

    private static JdkTransport transport;

    @BeforeAll
    static void start() {
        transport = Support.transport(Configs.config(c -> c.connectTimeout(Duration.ofSeconds(5)).readTimeout(READ)));
    }

    @AfterAll
    static void stop() {
        transport.close();
    }

    /**
     * A connect that takes longer than the read timeout: the listener's queue is full, so the kernel
     * drops the client's SYN, and the client sends it again a second later, by when the queue has
     * room. The exchange then succeeds; before, the JDK's request timer ran during the connect and
     * failed it as a connect timeout.
     */
    @Test
    void theReadTimeoutNeverRunsWhileConnecting() throws Exception {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try (Backlogged listener = new Backlogged()) {
            long start = System.nanoTime();
            CompletableFuture<TransportResponse> f = transport.exchange(get(listener.uri()).readTimeout(READ).build());
            later.schedule(listener::makeRoomAndServe, 2 * READ.toMillis(), TimeUnit.MILLISECONDS);
            TransportResponse r = await(f);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.status()).isEqualTo(200);
            assertThat(took).as("the connect took longer than the read timeout, or this proves nothing")
                    .isGreaterThan(READ.multipliedBy(2));
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void theConnectTimeoutAloneEndsAConnectThatHangs() throws IOException {
        try (Backlogged full = new Backlogged()) {
            long start = System.nanoTime();
            SalvoException e = failure(transport.exchange(get(full.uri()).connectTimeout(Duration.ofSeconds(1))
                    .readTimeout(Duration.ofMillis(50)).build()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.type()).as("%s", e).isEqualTo(ErrorType.CONNECT_TIMEOUT);
            assertThat(took).as("the 50 ms read timeout did not end the 1 s connect").isGreaterThan(Duration.ofMillis(900));
        }
    }

    /** The documented limit: {@link Capability#IDLE_TIMEOUT_IN_HEAD} is not declared. */
    @Test
    void aHeadThatDripsTimesOutAsAWholeHead() throws IOException {
        assertThat(transport.capabilities()).doesNotContain(Capability.IDLE_TIMEOUT_IN_HEAD);
        // one byte every 100 ms, never 300 ms without one, but the head takes about 4 s
        byte[] answer = RawPeer.bytes("HTTP/1.1 200 OK\r\nX-Slow: yes\r\nContent-Length: 2\r\n\r\nok");
        try (RawPeer peer = RawPeer.start((r, out) -> RawPeer.drip(out, answer, answer.length, Duration.ofMillis(100)))) {
            long start = System.nanoTime();
            SalvoException e = failure(transport.exchange(get(peer.url("/drip")).readTimeout(READ).build()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.type()).as("%s", e).isEqualTo(ErrorType.READ_TIMEOUT);
            assertThat(e.getMessage()).contains("response head").contains("300 ms");
            assertThat(took).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aBodyThatDripsIsTimedBetweenItsBytes() {
        // 8 bytes, one every 100 ms: about 800 ms in all, never 300 ms without a byte
        TransportResponse r = await(transport.exchange(get(env.url("/fault/slow-body?bytes=8&interval_ms=100"))
                .readTimeout(READ).build()));
        assertThat(r.body()).hasSize(8);
    }

    /** The per-attempt timeout is core's; the read timeout, set too, must not report it as its own. */
    @Test
    void thePerAttemptTimeoutIsRequestTimeoutWhileTheBodyDrips() throws InterruptedException {
        try (Salvo salvo = Salvo.builder().transport("jdk").retry(Retry.none()).build()) {
            Request r = Request.builder(env.url("/fault/slow-body?bytes=20&interval_ms=200").toString())
                    .timeout(Duration.ofSeconds(1)).readTimeout(Duration.ofMillis(600)).build();
            try {
                salvo.send(r).get(10, TimeUnit.SECONDS);
                throw new AssertionError("expected a failure");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(SalvoException.class);
                assertThat(((SalvoException) e.getCause()).type()).as("%s", e.getCause())
                        .isEqualTo(ErrorType.REQUEST_TIMEOUT);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the request did not end", e);
            }
        }
    }
}
