package dev.salvo.transport.netty;

import static dev.salvo.conformance.support.Exchanges.failure;
import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.spi.TransportResponse;
import dev.salvo.spi.WireRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A response head that breaks the HTTP/1.1 framing rules ({@link WireRules}) fails its exchange with
 * PROTOCOL, and its connection is closed rather than pooled: the next request goes out on a new
 * connection, so it can never read the rest of the broken response (here a forged response smuggled
 * after the faulty one) as its own.
 */
class StrictFramingTest {
    /** What a reused connection would hand the next request: a complete response the server never meant for it. */
    private static final String SMUGGLED = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nforged";

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("Transfer-Encoding with Content-Length",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("two conflicting Content-Lengths",
                        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 64\r\n\r\nhello" + SMUGGLED),
                Arguments.of("Content-Length -1", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nhello" + SMUGGLED),
                Arguments.of("Content-Length 5x", "HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello" + SMUGGLED),
                Arguments.of("Content-Length '5, 64'", "HTTP/1.1 200 OK\r\nContent-Length: 5, 64\r\n\r\nhello" + SMUGGLED),
                Arguments.of("status 999999", "HTTP/1.1 999999 Odd\r\nContent-Length: 0\r\n\r\n" + SMUGGLED),
                Arguments.of("status 42 (not an interim 1xx)", "HTTP/1.1 42 Odd\r\nContent-Length: 0\r\n\r\n" + SMUGGLED),
                Arguments.of("status -1", "HTTP/1.1 -1 Odd\r\nContent-Length: 0\r\n\r\n" + SMUGGLED),
                Arguments.of("status past the int range", "HTTP/1.1 99999999999 Odd\r\nContent-Length: 0\r\n\r\n"
                        + SMUGGLED),
                Arguments.of("bare CR in a header", "HTTP/1.1 200 OK\r\nX-A: a\rX-Injected: yes\r\nContent-Length: 0\r\n\r\n"
                        + SMUGGLED),
                Arguments.of("NUL in a header", "HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 0\r\n\r\n" + SMUGGLED),
                Arguments.of("100,000 header lines", "HTTP/1.1 200 OK\r\n" + "X-H: v\r\n".repeat(100_000)
                        + "Content-Length: 0\r\n\r\n" + SMUGGLED),
                Arguments.of((WireRules.MAX_HEADER_FIELDS + 1) + " short header lines", "HTTP/1.1 200 OK\r\n"
                        + "X:v\r\n".repeat(WireRules.MAX_HEADER_FIELDS + 1) + "Content-Length: 0\r\n\r\n" + SMUGGLED),
                Arguments.of("a status line over the limit", "HTTP/1.1 200 " + "O".repeat(WireRules.MAX_STATUS_LINE_BYTES)
                        + "\r\nContent-Length: 0\r\n\r\n" + SMUGGLED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void isProtocolAndTheNextRequestGoesOutOnANewConnection(String fault, String response) throws IOException {
        check(fault, response, false);
    }

    @ParameterizedTest(name = "{0}, streamed")
    @MethodSource("faults")
    void isProtocolWhenStreamedToo(String fault, String response) throws IOException {
        check(fault, response, true);
    }

    @Test
    void anInterimHeadIsCheckedAndSkippedAndTheConnectionIsReused() throws IOException {
        byte[] interim = ("HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n" + "HTTP/1.1 200 OK\r\n"
                + "Content-Length: 7\r\n\r\nanswer!").getBytes(StandardCharsets.ISO_8859_1);
        try (RawPeer peer = RawPeer.start((r, out) -> out.write(r.target().equals("/interim") ? interim : RawPeer.ok("ok")));
             NettyTransport t = Support.transport(Configs.config())) {
            assertThat(body(t, peer, "/interim")).as("body after a 103").isEqualTo("answer!");
            assertThat(body(t, peer, "/after")).as("response after it").isEqualTo("ok");
            assertThat(peer.last("/after").connection()).as("connection of the next request (reused)").isEqualTo(1);
        }
    }

    @Test
    void aConnectionThatSwitchedProtocolsIsNeverPooled() throws IOException {
        byte[] switched = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: other\r\nConnection: Upgrade\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        try (RawPeer peer = RawPeer.start((r, out) -> out.write(r.target().equals("/switch") ? switched : RawPeer.ok("ok")));
             NettyTransport t = Support.transport(Configs.config())) {
            TransportResponse r = Exchanges.await(t.exchange(get(peer.url("/switch")).build()));
            assertThat(r.status()).as("status").isEqualTo(101);
            assertThat(body(t, peer, "/after")).as("response after the 101").isEqualTo("ok");
            assertThat(peer.last("/after").connection()).as("connection of the request after a 101").isEqualTo(2);
        }
    }

    private static void check(String fault, String response, boolean streamed) throws IOException {
        byte[] faulty = response.getBytes(StandardCharsets.ISO_8859_1);
        try (RawPeer peer = RawPeer.start((r, out) -> out.write(r.target().equals("/fault") ? faulty : RawPeer.ok("ok")));
             NettyTransport t = Support.transport(Configs.config())) {
            assertThat(body(t, peer, "/before")).as("response before the fault").isEqualTo("ok");
            SalvoException e = streamed ? streamedFailure(t.exchange(get(peer.url("/fault")).streaming().build()))
                    : failure(t.exchange(get(peer.url("/fault")).build()));
            assertThat(e.type()).as("error for %s (%s)", fault, e.getMessage()).isEqualTo(ErrorType.PROTOCOL);
            assertThat(peer.last("/fault").connection()).as("connection of the faulty exchange (the pooled one)")
                    .isEqualTo(1);
            await("the client closed the connection of the faulty response").atMost(Duration.ofSeconds(5))
                    .until(() -> peer.ended(1));
            assertThat(body(t, peer, "/after")).as("response after %s", fault).isEqualTo("ok");
            assertThat(peer.last("/after").connection()).as("connection of the request after %s", fault).isEqualTo(2);
            await("nothing acquired (" + t + ")").atMost(Duration.ofSeconds(5)).until(() -> t.pool().acquired() == 0);
        }
    }

    private static String body(NettyTransport t, RawPeer peer, String path) {
        TransportResponse r = Exchanges.await(t.exchange(get(peer.url(path)).build()));
        return new String(r.body(), StandardCharsets.ISO_8859_1);
    }

    /** The failure of a streamed exchange: of its future, or else of reading its body. */
    private static SalvoException streamedFailure(CompletableFuture<TransportResponse> f) {
        try {
            TransportResponse r = f.get(Exchanges.WAIT_SECONDS, TimeUnit.SECONDS);
            try (InputStream in = r.stream()) {
                byte[] read = in.readAllBytes();
                throw new AssertionError("the streamed body read without error: "
                        + new String(read, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                assertThat(e.getCause()).as("cause of %s", e).isInstanceOf(SalvoException.class);
                return (SalvoException) e.getCause();
            }
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as("failure").isInstanceOf(SalvoException.class);
            return (SalvoException) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
