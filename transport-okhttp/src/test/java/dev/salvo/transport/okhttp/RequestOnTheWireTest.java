package dev.salvo.transport.okhttp;

import static dev.salvo.conformance.support.RawPeer.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.spi.Capability;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request head as a server reads it, byte for byte: one Host line, and no framing the user wrote. */
class RequestOnTheWireTest {
    private static final byte[] NO_CONTENT = bytes("HTTP/1.1 204 No Content\r\n\r\n");

    private static RawPeer peer;
    private static OkHttpTransport transport;

    @BeforeAll
    static void start() throws IOException {
        peer = RawPeer.firstThen(NO_CONTENT, NO_CONTENT);
        transport = Fixture.transport(Fixture.config());
    }

    @AfterAll
    static void stop() throws IOException {
        transport.close();
        peer.close();
    }

    private static RawPeer.Request send(Headers headers) {
        int before = peer.requests().size();
        Exchanges.await(transport.exchange(Fixture.request("GET", peer.url("/wire"), headers, null, false)));
        List<RawPeer.Request> requests = peer.requests();
        assertThat(requests).as("requests the peer read").hasSize(before + 1);
        return requests.get(before);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Host", "host", "HOST", "hOsT"})
    void aUserHostReplacesTheDerivedOneWhateverItsCase(String name) {
        assertThat(transport.capabilities()).as("declared capabilities").contains(Capability.HOST_OVERRIDE);
        RawPeer.Request r = send(Headers.of(name, "virtual.example.test"));
        assertThat(r.headers("Host")).as("Host lines on the wire, user header '%s':%n%s", name, r.head())
                .containsExactly("virtual.example.test");
    }

    @Test
    void withoutAUserHostTheOneDerivedFromTheUrlGoesOut() {
        RawPeer.Request r = send(Headers.of("Accept", "*/*"));
        assertThat(r.headers("Host")).as("Host lines on the wire:%n%s", r.head())
                .containsExactly("127.0.0.1:" + peer.port());
    }

    @Test
    void twoUserHostValuesAreRefusedAndNothingIsSent() {
        int before = peer.requests().size();
        SalvoException e = Exchanges.failure(transport.exchange(Fixture.request("GET", peer.url("/wire"),
                Headers.of("Host", "a.example.test", "host", "b.example.test"), null, false)));
        assertThat(e.type()).as("type (%s)", e.getMessage()).isEqualTo(ErrorType.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("2 Host values").contains("a.example.test").contains("b.example.test");
        assertThat(peer.requests()).as("requests the peer read").hasSize(before);
    }

    @Test
    void framingHeadersTheUserWroteAreDropped() {
        RawPeer.Request r = send(Headers.of("Content-Length", "99", "Transfer-Encoding", "chunked", "TE", "trailers",
                "Trailer", "X-T", "Upgrade", "h2c", "Keep-Alive", "timeout=5", "Proxy-Connection", "keep-alive",
                "X-Kept", "yes"));
        for (String framing : List.of("Content-Length", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Keep-Alive",
                "Proxy-Connection")) {
            assertThat(r.headers(framing)).as("%s lines on the wire:%n%s", framing, r.head()).isEmpty();
        }
        assertThat(r.headers("X-Kept")).as("an ordinary header").containsExactly("yes");
    }
}
