package dev.salvo.transport.jdk;

import static dev.salvo.conformance.support.Exchanges.await;
import static dev.salvo.conformance.support.Exchanges.failure;
import static dev.salvo.conformance.support.RequestBuilder.get;
import static dev.salvo.conformance.support.RequestBuilder.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.spi.Capability;
import dev.salvo.spi.TransportResponse;
import dev.salvo.spi.WireRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Response heads that break the wire rules ({@link WireRules}) fail as PROTOCOL, and the connection
 * they came on is closed, never reused: a {@link RawPeer} answers a second request on that
 * connection with a forged response, so a reused connection shows up as a forged body, and counts
 * the connections the client opened.
 */
class HostileHeadsTest {
    private static final String GENUINE = "genuine";
    private static final String FORGED = "forged";
    /** What a desynchronised connection would hand the next request as its response. */
    private static final String FORGED_NEXT = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n" + FORGED;

    private static final JdkTransport transport = Support.transport(Configs.config());

    @AfterAll
    static void stop() {
        transport.close();
    }

    /** Heads the JDK client passes on and the transport refuses (WireRules, or a length the JDK cannot read). */
    static Stream<Arguments> poisonedHeads() {
        return Stream.of(
                Arguments.of("Transfer-Encoding with Content-Length",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello" + FORGED_NEXT),
                Arguments.of("Content-Length with Transfer-Encoding",
                        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                                + FORGED_NEXT),
                Arguments.of("two conflicting Content-Lengths",
                        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 64\r\n\r\nhello" + FORGED_NEXT),
                Arguments.of("Content-Length '5, 64'", "HTTP/1.1 200 OK\r\nContent-Length: 5, 64\r\n\r\nhello" + FORGED_NEXT),
                Arguments.of("Content-Length -1", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nhello" + FORGED_NEXT),
                Arguments.of("Content-Length 5x", "HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello" + FORGED_NEXT),
                // valid (RFC 9112 lets a recipient take it or refuse it), but the JDK client cannot parse it
                Arguments.of("Content-Length '5, 5'", "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello" + FORGED_NEXT),
                Arguments.of("status 999999", "HTTP/1.1 999999 OK\r\nContent-Length: 5\r\n\r\nhello" + FORGED_NEXT),
                // small enough for the JDK's own limit on head size, too many fields for WireRules
                Arguments.of((WireRules.MAX_HEADER_FIELDS + 1) + " header fields",
                        head(200, WireRules.MAX_HEADER_FIELDS + 1, "a: b") + "Content-Length: 5\r\n\r\nhello" + FORGED_NEXT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poisonedHeads")
    void aPoisonedHeadIsProtocolAndItsConnectionIsClosed(String fault, String poison) throws IOException {
        try (RawPeer peer = peer(poison)) {
            SalvoException e = failure(transport.exchange(get(peer.url("/poison")).build()));
            assertThat(e.type()).as("%s: %s", fault, e).isEqualTo(ErrorType.PROTOCOL);
            assertThat(e.getMessage()).contains("/poison");
            assertTheConnectionWasNotReused(peer, fault);
            assertTheConnectionIsClosed(peer, fault);
        }
    }

    /** Heads the JDK client's own parser rejects. */
    static Stream<Arguments> headsTheJdkRejects() {
        return Stream.of(
                Arguments.of("NUL in a header value", "HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 5\r\n\r\nhello"
                        + FORGED_NEXT),
                Arguments.of("100,000 header lines", head(200, 100_000, "X-%d: v") + "Content-Length: 5\r\n\r\nhello"
                        + FORGED_NEXT));
    }

    /**
     * Protocol errors too, and the connection is never reused; but the JDK client (17 and 25 alike)
     * does not close a connection whose head its parser rejected, and gives the transport no hold on
     * it: it stays open until the server closes it, or the transport is closed (on Java 17, where the
     * HttpClient cannot be shut down: until the closed transport's client is collected). So
     * {@link Capability#CLOSE_ON_PARSE_ERROR} is not declared.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("headsTheJdkRejects")
    void aHeadTheJdkRejectsIsProtocolAndItsConnectionIsNeverReused(String fault, String poison) throws IOException {
        assertThat(transport.capabilities()).doesNotContain(Capability.CLOSE_ON_PARSE_ERROR);
        try (RawPeer peer = peer(poison); JdkTransport own = Support.transport(Configs.config())) {
            SalvoException e = failure(own.exchange(get(peer.url("/poison")).build()));
            assertThat(e.type()).as("%s: %s", fault, e).isEqualTo(ErrorType.PROTOCOL);
            assertThat(e.getMessage()).contains("/poison");
            assertTheConnectionWasNotReused(own, peer, fault);
            own.close();
            if (ClientShutdown.supported()) {
                assertTheConnectionIsClosed(peer, fault + ", once the transport is closed");
            } else {
                // Java 17: the HttpClient cannot be shut down; it closes every connection it opened once collected
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    System.gc(); // test code: standing in for the collections a running application has anyway
                    assertThat(peer.ended(1)).as("%s: the poisoned connection, once the closed client is collected", fault)
                            .isTrue();
                });
            }
        }
    }

    @Test
    void aPoisonedHeadOfAStreamedResponseIsProtocolBeforeAnyStreamIsHandedOver() throws IOException {
        String poison = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello" + FORGED_NEXT;
        try (RawPeer peer = peer(poison)) {
            SalvoException e = failure(transport.exchange(get(peer.url("/poison")).streaming().build()));
            assertThat(e.type()).as("%s", e).isEqualTo(ErrorType.PROTOCOL);
            assertTheConnectionWasNotReused(peer, "streamed TE with CL");
            assertTheConnectionIsClosed(peer, "streamed TE with CL");
        }
    }

    @Test
    void aPoisonedHeadOfABodilessResponseClosesTheConnectionToo() throws IOException {
        // the JDK completes a 204 without a body subscription of its own, and a HEAD with an empty one
        String tooMany = head(204, WireRules.MAX_HEADER_FIELDS + 1, "a: b") + "\r\n" + FORGED_NEXT;
        try (RawPeer peer = peer(tooMany)) {
            assertThat(failure(transport.exchange(get(peer.url("/no-content")).build())).type())
                    .isEqualTo(ErrorType.PROTOCOL);
            assertTheConnectionWasNotReused(peer, "204 with too many fields");
            assertTheConnectionIsClosed(peer, "204 with too many fields");
        }
        String conflicting = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 64\r\n\r\n" + FORGED_NEXT;
        try (RawPeer peer = peer(conflicting)) {
            assertThat(failure(transport.exchange(request("HEAD", peer.url("/head")).build())).type())
                    .isEqualTo(ErrorType.PROTOCOL);
            assertTheConnectionWasNotReused(peer, "HEAD with conflicting lengths");
            assertTheConnectionIsClosed(peer, "HEAD with conflicting lengths");
        }
    }

    /** The JDK client's own check, before the transport sees the head; it closes the connection itself. */
    @Test
    void aNoContentResponseWithAContentLengthIsProtocol() throws IOException {
        try (RawPeer peer = peer("HTTP/1.1 204 No Content\r\nContent-Length: 6\r\n\r\n" + FORGED_NEXT)) {
            SalvoException e = failure(transport.exchange(get(peer.url("/no-content")).build()));
            assertThat(e.type()).as("%s", e).isEqualTo(ErrorType.PROTOCOL);
            assertTheConnectionWasNotReused(peer, "204 with Content-Length");
            assertTheConnectionIsClosed(peer, "204 with Content-Length");
        }
    }

    @Test
    void aWellFormedHeadKeepsItsConnection() throws IOException {
        try (RawPeer peer = peer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 05\r\n\r\nhello")) {
            TransportResponse r = await(transport.exchange(get(peer.url("/fine")).build()));
            assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
            // the same connection: the second answer on it is the forged one, here expected
            assertThat(body(await(transport.exchange(get(peer.url("/again")).build())))).isEqualTo(FORGED);
            assertThat(peer.connections()).isEqualTo(1);
        }
    }

    /**
     * The JDK's own parser repairs a bare CR before the transport sees the head (what came before
     * the CR is dropped), and keeps only three digits of a status code, so neither can be detected
     * here: the transport does not declare {@link Capability#STRICT_HEAD_PARSING}. Should a JDK
     * stop doing so, this test fails and the capability can be declared.
     */
    @Test
    void theJdkRepairsABareCrAndALongStatusSoStrictHeadParsingIsNotDeclared() throws IOException {
        assertThat(transport.capabilities()).doesNotContain(Capability.STRICT_HEAD_PARSING);
        try (RawPeer peer = peer("HTTP/1.1 200 OK\r\nX-A: a\rX-Injected: yes\r\nContent-Length: 2\r\n\r\nok")) {
            TransportResponse r = await(transport.exchange(get(peer.url("/bare-cr")).build()));
            assertThat(r.headers().firstOrNull("X-A")).as("the text before the CR").isNull();
            assertThat(r.headers().firstOrNull("X-Injected")).isEqualTo("yes");
        }
        try (RawPeer peer = peer("HTTP/1.1 200999 OK\r\nContent-Length: 2\r\n\r\nok")) {
            assertThat(await(transport.exchange(get(peer.url("/status")).build())).status()).isEqualTo(200);
        }
    }

    /**
     * A peer answering the first request of its first connection with {@code poison}, any later one
     * on that connection with a forged response (body {@value #FORGED}), and every request on another
     * connection with a genuine one (body {@value #GENUINE}).
     */
    private static RawPeer peer(String poison) throws IOException {
        return RawPeer.start((r, out) -> out.write(r.connection() != 1 ? RawPeer.ok(GENUINE)
                : r.index() == 1 ? RawPeer.bytes(poison) : RawPeer.ok(FORGED)));
    }

    private static void assertTheConnectionWasNotReused(RawPeer peer, String fault) {
        assertTheConnectionWasNotReused(transport, peer, fault);
    }

    private static void assertTheConnectionWasNotReused(JdkTransport t, RawPeer peer, String fault) {
        TransportResponse next = await(t.exchange(get(peer.url("/next")).build()));
        assertThat(body(next)).as("%s: the next response", fault).isEqualTo(GENUINE);
        assertThat(peer.connections()).as("%s: connections opened", fault).isEqualTo(2);
        assertThat(peer.requestsOn(1)).as("%s: requests on the poisoned connection", fault).hasSize(1);
    }

    private static void assertTheConnectionIsClosed(RawPeer peer, String fault) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(peer.ended(1)).as("%s: the poisoned connection is closed", fault).isTrue());
    }

    private static String body(TransportResponse r) {
        if (r.isStreaming()) {
            try (InputStream in = r.stream()) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return new String(r.body(), StandardCharsets.ISO_8859_1);
    }

    /** A status line and {@code lines} header lines made from {@code format} (given the line's index). */
    private static String head(int status, int lines, String format) {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        for (int i = 0; i < lines; i++) {
            b.append(String.format(format, i)).append("\r\n");
        }
        return b.toString();
    }
}
