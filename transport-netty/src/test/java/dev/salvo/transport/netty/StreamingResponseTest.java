package dev.salvo.transport.netty;

import static dev.salvo.conformance.support.Exchanges.connectionId;
import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.QueuedBodyStream;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Streamed responses: read as the reader drains them, connection closed on early close, reused after the end. */
class StreamingResponseTest {

    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport();

    @Test
    void anUnreadEndlessBodyIsNotBufferedBeyondTheReadAhead() throws IOException {
        TransportResponse r = Exchanges.await(env.transport().exchange(get(env.url("/fault/endless-body")).streaming().build()));
        try (InputStream in = r.stream()) {
            assertThat(in.read()).as("first byte").isNotNegative();
            QueuedBodyStream<?> body = (QueuedBodyStream<?>) in;
            long bound = StreamingBody.READ_AHEAD + 1024 * 1024;
            await("bytes buffered for an unread endless body stay under " + bound).during(Duration.ofMillis(600))
                    .atMost(Duration.ofSeconds(3)).until(() -> body.buffered() <= bound);
            assertThat(in.readNBytes(4 * 1024 * 1024)).as("4 MiB read on demand afterwards").hasSize(4 * 1024 * 1024);
            assertThat(body.buffered()).as("buffered after reading 4 MiB").isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void closingBeforeTheEndClosesTheConnection() throws IOException {
        Stats stats = quietStats();
        TransportResponse r = Exchanges.await(env.transport().exchange(get(env.url("/bytes/5000000")).streaming().build()));
        InputStream in = r.stream();
        assertThat(in.readNBytes(1000)).as("first bytes").hasSize(1000);
        in.close();
        await("connection closed after an early close (" + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.openConnections() == 0 && env.pool().acquired() == 0 && env.pool().open() == 0);
        assertThrows(IOException.class, in::read, "read after close");
        assertThat(Exchanges.await(env.transport().exchange(get(env.url("/get")).build())).status()).as("next request")
                .isEqualTo(200);
    }

    @Test
    void readingToTheEndGivesTheConnectionBack() throws IOException {
        quietStats();
        TransportResponse r = Exchanges.await(env.transport().exchange(get(env.url("/bytes/300000")).streaming().build()));
        try (InputStream in = r.stream()) {
            assertThat(in.readAllBytes()).as("body").hasSize(300_000);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> env.pool().acquired() == 0);
        TransportResponse next = Exchanges.await(env.transport().exchange(get(env.url("/get")).build()));
        assertThat(connectionId(next)).as("connection of the next request").isEqualTo(connectionId(r));
    }

    @Test
    void aReadTimeoutInTheStreamIsAnIOExceptionCausedByReadTimeout() throws IOException {
        TransportResponse r = Exchanges.await(env.transport().exchange(get(env.url("/fault/slow-body?bytes=3&interval_ms=2000"))
                .readTimeout(Duration.ofMillis(300)).streaming().build()));
        try (InputStream in = r.stream()) {
            IOException e = assertThrows(IOException.class, in::read, "read with a 300 ms read timeout");
            assertThat(e.getCause()).as("cause").isInstanceOf(SalvoException.class);
            assertThat(((SalvoException) e.getCause()).type()).as("type").isEqualTo(ErrorType.READ_TIMEOUT);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> env.pool().acquired() == 0);
    }

    private static Stats quietStats() {
        Stats stats = env.server().stats();
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.inFlight() == 0);
        return stats;
    }
}
