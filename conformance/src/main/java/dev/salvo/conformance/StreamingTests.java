package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salvo.Batch;
import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.SalvoException;
import dev.salvo.testserver.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Contract item 4: streamed bodies are read correctly and release their connection when closed. */
public interface StreamingTests extends KitContext {

    @Test
    default void streamedBodyIsReadCorrectly() throws IOException {
        int n = 3 * 1024 * 1024 + 17;
        try (Response r = kit().client().execute(Request.builder(kit().httpbin("/bytes/" + n + "?seed=7"))
                .stream(true).build())) {
            assertThat(r.isStreaming()).as("isStreaming").isTrue();
            byte[] read = r.bodyStream().readAllBytes();
            byte[] expected = new byte[n];
            new Random(7).nextBytes(expected);
            assertThat(read.length).as("bytes streamed").isEqualTo(n);
            assertThat(read).as("streamed bytes equal the server's").isEqualTo(expected);
        }
    }

    @Test
    default void streamingResponseRefusesBody() {
        try (Response r = kit().client().execute(Request.builder(kit().httpbin("/get")).stream(true).build())) {
            assertThrows(IllegalStateException.class, r::body,
                    "body() of a streaming response");
        }
    }

    @Test
    default void streamedResponsesReadToTheEndLeakNoConnection() throws IOException {
        Stats stats = kit().quietStats();
        Salvo client = kit().client();
        for (int i = 0; i < 6; i++) {
            try (Response r = client.execute(Request.builder(kit().url("/bytes/200000")).stream(true).build())) {
                assertThat(r.bodyStream().readAllBytes()).as("body %d", i).hasSize(200_000);
            }
        }
        assertThat(stats.connectionsAccepted()).as("connections for 6 sequential streamed requests").isLessThanOrEqualTo(2);
        await("connections back down (server: " + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.openConnections() <= 1);
    }

    @Test
    default void closingAStreamEarlyReleasesTheConnection() throws IOException {
        Stats stats = kit().quietStats();
        Salvo client = kit().client();
        for (int i = 0; i < 3; i++) {
            try (Response r = client.execute(Request.builder(kit().url("/fault/endless-body")).stream(true).build())) {
                InputStream in = r.bodyStream();
                assertThat(in.readNBytes(64 * 1024)).as("first bytes of an endless body").hasSize(64 * 1024);
            }
        }
        await("endless bodies released after close (server: " + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0 && stats.openConnections() == 0);
        assertThat(client.execute(Request.get(kit().url("/get"))).status()).as("next request").isEqualTo(200);
    }

    @Test
    default void streamedRedirectsReleaseEveryHop() throws IOException {
        Stats stats = kit().quietStats();
        Salvo client = kit().client();
        for (int i = 0; i < 3; i++) {
            try (Response r = client.execute(Request.builder(kit().url("/redirect/3")).stream(true).build())) {
                assertThat(r.history()).as("history").hasSize(3);
                assertThat(r.bodyStream().readAllBytes().length).as("final body").isPositive();
            }
        }
        await("connections of redirect hops released (server: " + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0 && stats.openConnections() <= 1);
    }

    @Test
    default void streamedGzipIsDecoded() throws IOException {
        try (Response r = kit().client().execute(Request.builder(kit().httpbin("/gzip")).stream(true).build())) {
            byte[] json = r.bodyStream().readAllBytes();
            assertThat(new ObjectMapper().readTree(json).get("gzipped").asBoolean()).as("gzipped flag").isTrue();
        }
    }

    @Test
    default void streamedHeadOfAGzipResourceIsEmpty() throws IOException {
        try (Response r = kit().client().execute(Request.builder("HEAD", kit().httpbin("/gzip")).stream(true).build())) {
            assertThat(r.header("Content-Encoding")).as("Content-Encoding of HEAD /gzip").isEqualTo("gzip");
            assertThat(r.bodyStream().readAllBytes()).as("streamed body of HEAD /gzip").isEmpty();
        }
    }

    @Test
    default void truncatedStreamedBodyFailsTheRead() {
        try (Response r = kit().client().execute(Request.builder(kit().url("/fault/truncated-body"))
                .stream(true).build())) {
            IOException e = assertThrows(IOException.class,
                    () -> r.bodyStream().readAllBytes(), "reading a body cut short");
            assertThat(e.getCause()).as("cause of %s", e).isInstanceOf(SalvoException.class);
            assertThat(((SalvoException) e.getCause()).type()).as("type").isEqualTo(ErrorType.PROTOCOL);
        }
    }

    @Test
    default void streamingBatchGivesStreamingResponses() {
        Stats stats = kit().quietStats();
        Salvo client = kit().client();
        List<Request> reqs = IntStream.range(0, 12).mapToObj(i -> Request.get(kit().url("/bytes/50000?seed=" + i))).toList();
        try (Stream<Response> rs = client.imap(reqs, Batch.size(4).stream(true))) {
            rs.forEach(r -> {
                try (r) {
                    assertThat(r.isStreaming()).as("isStreaming in a streaming batch").isTrue();
                    assertThat(r.bodyStream().readAllBytes()).as("body").hasSize(50_000);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertThat(stats.connectionsAccepted()).as("connections for 12 streamed requests at size 4").isLessThanOrEqualTo(4);
    }
}
