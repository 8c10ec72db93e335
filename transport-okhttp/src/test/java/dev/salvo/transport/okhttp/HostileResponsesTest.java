package dev.salvo.transport.okhttp;

import static dev.salvo.conformance.support.RawPeer.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.spi.TransportResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Response heads that break the HTTP/1.1 framing rules ({@code dev.salvo.spi.WireRules}) fail as
 * PROTOCOL, and the connection they came on is closed, never reused: each hostile answer is
 * followed, in the same bytes, by a forged second response, which a reused connection would hand
 * to the next request. The next request must get the peer's genuine answer on a new connection.
 */
class HostileResponsesTest {
    private static final String FORGED = "HTTP/1.1 200 OK\r\nX-Forged: yes\r\nContent-Length: 6\r\n\r\nforged";
    private static final byte[] GENUINE = bytes("HTTP/1.1 200 OK\r\nX-Genuine: yes\r\nContent-Length: 7\r\n\r\ngenuine");

    /** Each hostile head, buffered and streamed: what it is, the bytes before the forged response, what the message names. */
    static Stream<Arguments> hostileHeads() {
        List<Arguments> heads = List.of(
                Arguments.of("Transfer-Encoding with Content-Length",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 66\r\n\r\n0\r\n\r\n", "Transfer-Encoding"),
                Arguments.of("two conflicting Content-Lengths",
                        "HTTP/1.1 200 OK\r\nContent-Length: 71\r\nContent-Length: 5\r\n\r\nhello", "conflicting"),
                Arguments.of("Content-Length -1", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nhello", "not a number"),
                Arguments.of("Content-Length 5x", "HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello", "not a number"),
                Arguments.of("Content-Length '5, 64'", "HTTP/1.1 200 OK\r\nContent-Length: 5, 64\r\n\r\nhello", "conflicting"),
                Arguments.of("status 999999", "HTTP/1.1 999999 Odd\r\nContent-Length: 0\r\n\r\n", "status line"),
                Arguments.of("status 999", "HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n", "outside 100..599"),
                Arguments.of("a bare CR in a header value",
                        "HTTP/1.1 200 OK\r\nX-A: a\rX-Injected: yes\r\nContent-Length: 0\r\n\r\n", "invalid header field"),
                Arguments.of("a NUL in a header value",
                        "HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 0\r\n\r\n", "invalid header field"),
                // ~160 KB: under OkHttp's own 256 KiB head limit, so the field count rule must catch it
                Arguments.of("20,000 header lines", headerLines(20_000), "header fields"),
                // ~1 MB: over OkHttp's own head limit
                Arguments.of("100,000 header lines", headerLines(100_000), "header size limit"));
        return Stream.of(false, true).flatMap(stream -> heads.stream().map(Arguments::get)
                .map(h -> Arguments.of(h[0], stream, h[1], h[2])));
    }

    private static String headerLines(int n) {
        StringBuilder b = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < n; i++) {
            b.append("X-").append(i).append(": v\r\n");
        }
        return b.append("Content-Length: 0\r\n\r\n").toString();
    }

    @ParameterizedTest(name = "{0}, streaming {1}")
    @MethodSource("hostileHeads")
    void aHostileHeadIsProtocolAndItsConnectionIsNeverReused(String what, boolean stream, String head,
                                                             String expected) throws IOException {
        try (RawPeer peer = RawPeer.firstThen(bytes(head + FORGED), GENUINE);
             OkHttpTransport transport = Fixture.transport(Fixture.config())) {
            SalvoException e = Exchanges.failure(transport.exchange(stream ? Fixture.stream(peer.url("/hostile"))
                    : Fixture.get(peer.url("/hostile"))));
            assertThat(e.type()).as("%s: type (%s)", what, e.getMessage()).isEqualTo(ErrorType.PROTOCOL);
            assertThat(e.getMessage()).as("%s: message", what).contains(expected);

            TransportResponse next = Exchanges.await(transport.exchange(Fixture.get(peer.url("/next"))));
            assertThat(next.headers().contains("X-Forged")).as("%s: the next request got the forged response "
                    + "left on the first connection (headers %s)", what, next.headers()).isFalse();
            assertThat(new String(next.body(), StandardCharsets.US_ASCII)).as("%s: the next body", what)
                    .isEqualTo("genuine");
            assertThat(peer.requests()).as("%s: requests the peer read", what).hasSize(2);
            assertThat(peer.requests().get(1).connection()).as("%s: the connection the next request came on", what)
                    .isEqualTo(2);
            assertThat(peer.connections()).as("%s: connections the peer accepted", what).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "streaming {0}")
    @MethodSource("streamingOrNot")
    void aWellFramedResponseKeepsItsConnection(boolean stream) throws IOException {
        byte[] ok = bytes("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\nContent-Length: 005\r\n\r\nhello");
        try (RawPeer peer = RawPeer.firstThen(ok, GENUINE);
             OkHttpTransport transport = Fixture.transport(Fixture.config())) {
            TransportResponse first = Exchanges.await(transport.exchange(stream ? Fixture.stream(peer.url("/a"))
                    : Fixture.get(peer.url("/a"))));
            assertThat(bodyOf(first)).as("the body framed by three equal lengths").isEqualTo("hello");
            TransportResponse next = Exchanges.await(transport.exchange(Fixture.get(peer.url("/b"))));
            assertThat(bodyOf(next)).isEqualTo("genuine");
            assertThat(peer.connections()).as("connections the peer accepted for two sound exchanges").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "streaming {0}")
    @MethodSource("streamingOrNot")
    void aListOfEqualLengthsFramesTheBodyWhichOkHttpAloneReadsToTheEnd(boolean stream) throws IOException {
        // OkHttp reads "5, 5" as no length and would wait for the end of the stream
        byte[] listed = bytes("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello" + FORGED);
        try (RawPeer peer = RawPeer.firstThen(listed, GENUINE);
             OkHttpTransport transport = Fixture.transport(Fixture.config())) {
            long start = System.nanoTime();
            TransportResponse first = Exchanges.await(transport.exchange(stream ? Fixture.stream(peer.url("/a"))
                    : Fixture.get(peer.url("/a"))));
            assertThat(bodyOf(first)).as("the body framed by 'Content-Length: 5, 5'").isEqualTo("hello");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to read it, against a 10 s read timeout")
                    .isLessThan(Duration.ofSeconds(5));
            TransportResponse next = Exchanges.await(transport.exchange(Fixture.get(peer.url("/b"))));
            assertThat(bodyOf(next)).as("the next body (headers %s)", next.headers()).isEqualTo("genuine");
        }
    }

    @ParameterizedTest(name = "streaming {0}")
    @MethodSource("streamingOrNot")
    void aBodyShortOfAListedLengthIsProtocol(boolean stream) throws IOException {
        try (RawPeer peer = RawPeer.start((request, out) -> {
            out.write(bytes("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhel"));
            out.close();
        }); OkHttpTransport transport = Fixture.transport(Fixture.config())) {
            CompletableFuture<TransportResponse> f = transport.exchange(stream ? Fixture.stream(peer.url("/a"))
                    : Fixture.get(peer.url("/a")));
            SalvoException e;
            if (stream) {
                TransportResponse r = Exchanges.await(f);
                IOException thrown = catchThrowableOfType(IOException.class, () -> bodyOf(r));
                assertThat(thrown).as("reading 3 of 5 bytes, then the end").isNotNull();
                e = (SalvoException) thrown.getCause();
            } else {
                e = Exchanges.failure(f);
            }
            assertThat(e.type()).as("type (%s)", e.getMessage()).isEqualTo(ErrorType.PROTOCOL);
            assertThat(e.getMessage()).contains("the response body ended");
        }
    }

    static Stream<Boolean> streamingOrNot() {
        return Stream.of(false, true);
    }

    private static String bodyOf(TransportResponse r) throws IOException {
        if (!r.isStreaming()) {
            return new String(r.body(), StandardCharsets.US_ASCII);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = r.stream()) {
            in.transferTo(out);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
