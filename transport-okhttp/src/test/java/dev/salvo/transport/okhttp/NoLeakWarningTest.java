package dev.salvo.transport.okhttp;

import static dev.salvo.transport.okhttp.Fixture.get;
import static dev.salvo.transport.okhttp.Fixture.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every OkHttp response is closed on every path: OkHttp's leak detector (which logs "A connection
 * to ... was leaked" through java.util.logging when a call holding a connection is collected)
 * never fires. The detector runs in the pool's clean-up, so the transport keeps idle connections
 * only briefly, and each test collects garbage until the pool is empty.
 */
class NoLeakWarningTest {
    private static final Duration IDLE = Duration.ofMillis(200);

    @RegisterExtension
    static final Fixture env = new Fixture();

    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null && message.contains("leaked")) {
                leaks.add(record.getLoggerName() + ": " + message);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private OkHttpTransport transport;

    @BeforeEach
    void captureLogging() {
        Logger.getLogger("").addHandler(capture);
        transport = Fixture.transport(Fixture.config(Integer.MAX_VALUE, Integer.MAX_VALUE, IDLE));
    }

    @AfterEach
    void stopCapturing() {
        transport.close();
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void noPathOfTheTransportLeaksAResponse() throws IOException {
        // buffered: a body, no body, a failure inside the body, bodies over the cap
        Exchanges.await(transport.exchange(get(env.url("/bytes/20000"))));
        Exchanges.await(transport.exchange(Fixture.request("HEAD", env.url("/get"), dev.salvo.Headers.empty(), null, false)));
        Exchanges.await(transport.exchange(get(env.url("/status/204"))));
        assertThat(Exchanges.failureType(transport.exchange(get(env.url("/fault/truncated-body"))))).isEqualTo(ErrorType.PROTOCOL);
        assertThat(Exchanges.failureType(transport.exchange(get(env.url("/fault/bad-chunk"))))).isEqualTo(ErrorType.PROTOCOL);
        assertThat(Exchanges.failureType(transport.exchange(Fixture.withCap(get(env.url("/bytes/20000")), 1000))))
                .isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(Exchanges.failureType(transport.exchange(Fixture.withCap(get(env.url("/fault/endless-body")), 100_000))))
                .isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(Exchanges.failureType(transport.exchange(Fixture.withTimeouts(
                get(env.url("/fault/slow-body?bytes=10&interval_ms=2000")), Duration.ofSeconds(5), Duration.ofMillis(200)))))
                .isEqualTo(ErrorType.READ_TIMEOUT);
        // cancelled before the head and inside the body
        cancelWhenInFlight(transport.exchange(get(env.url("/fault/never-responds"))));
        cancelWhenInFlight(transport.exchange(get(env.url("/fault/slow-body?bytes=100&interval_ms=50"))));
        // streaming: read to the end, closed early, failing while read, never read but closed
        try (InputStream in = Exchanges.await(transport.exchange(stream(env.url("/bytes/50000")))).stream()) {
            assertThat(in.readAllBytes()).hasSize(50_000);
        }
        try (InputStream in = Exchanges.await(transport.exchange(stream(env.url("/fault/endless-body")))).stream()) {
            assertThat(in.readNBytes(10_000)).hasSize(10_000);
        }
        try (InputStream in = Exchanges.await(transport.exchange(stream(env.url("/fault/truncated-body")))).stream()) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
        Exchanges.await(transport.exchange(stream(env.url("/get")))).stream().close();
        // heads that break the wire rules, failed before OkHttp opens the body, with a body and without
        try (RawPeer peer = RawPeer.firstThen(
                RawPeer.bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"),
                RawPeer.bytes("HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n"))) {
            for (int i = 0; i < 4; i++) {
                CompletableFuture<TransportResponse> f = transport.exchange(i % 2 == 0 ? get(peer.url("/" + i))
                        : stream(peer.url("/" + i)));
                assertThat(Exchanges.failureType(f)).as("hostile head %d", i).isEqualTo(ErrorType.PROTOCOL);
            }
        }

        awaitPoolEmptyCollectingGarbage();
        assertThat(leaks).as("OkHttp leak warnings").isEmpty();
    }

    /** Proves the detector above works: a response dropped unclosed is reported. */
    @Test
    void aResponseDroppedUnclosedIsReported() throws IOException {
        leakOneResponse();
        await("OkHttp reports the leak").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    System.gc();
                    return !leaks.isEmpty();
                });
    }

    private void leakOneResponse() throws IOException {
        Response r = transport.client().newCall(new Request.Builder().url(env.url("/bytes/20000").toString()).build())
                .execute();
        assertThat(r.code()).isEqualTo(200); // body never read nor closed
    }

    private void cancelWhenInFlight(CompletableFuture<TransportResponse> f) {
        await().atMost(Duration.ofSeconds(10)).until(() -> transport.client().connectionPool().connectionCount() > 0
                && env.server().stats().inFlight() > 0);
        assertThat(f.cancel(true)).as("cancelled").isTrue();
    }

    private void awaitPoolEmptyCollectingGarbage() {
        await("every connection released and evicted").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    System.gc();
                    return transport.client().connectionPool().connectionCount() == 0;
                });
    }
}
