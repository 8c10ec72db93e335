package dev.salvo.transport.netty;

import static dev.salvo.conformance.support.Exchanges.failure;
import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read timeout is the longest quiet time between bytes of the response, its head included, and
 * it does not run while connecting (TCP and TLS are the connect timeout's). The peers here are the
 * faults: their pauses are the behaviour under test, not a way of waiting for the client.
 */
class ReadTimeoutTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private static final int DRIPPED = 5;
    private static final long DRIP_MILLIS = 500;

    private static NettyTransport transport;
    private static SSLContext serverTls;

    @BeforeAll
    static void start() throws GeneralSecurityException, IOException {
        transport = Support.transport(Configs.config(c -> c.tls(Configs.insecure())));
        // the test server's client certificate serves as this peer's server certificate; the client trusts any
        try (TestServer server = TestServer.start()) {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(server.certificates().clientKeyStore(), server.certificates().clientKeyStorePassword());
            serverTls = SSLContext.getInstance("TLS");
            serverTls.init(keys.getKeyManagers(), null, null);
        }
    }

    @AfterAll
    static void stop() {
        transport.close();
    }

    @Test
    void aHeadDrippingFasterThanTheReadTimeoutArrives() throws IOException {
        byte[] head = RawPeer.bytes(HEAD);
        try (RawPeer peer = RawPeer.start((r, out) -> RawPeer.drip(out, head, DRIPPED, Duration.ofMillis(DRIP_MILLIS)))) {
            long start = System.nanoTime();
            TransportResponse r = Exchanges.await(transport.exchange(get(peer.url("/drip")).readTimeout(READ_TIMEOUT).build()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.status()).as("status of a head dripped a byte per %d ms, read timeout %s", DRIP_MILLIS,
                    READ_TIMEOUT).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).as("body").isEqualTo("ok");
            assertThat(ms).as("ms the head took to arrive (longer than the read timeout, so the drip was tested)")
                    .isGreaterThanOrEqualTo(DRIPPED * DRIP_MILLIS - 100);
        }
    }

    @Test
    void aHeadThatStopsForLongerThanTheReadTimeoutFailsWithReadTimeout() throws IOException {
        try (RawPeer peer = RawPeer.start((r, out) -> out.write(RawPeer.bytes("HTTP/1.1 200 OK\r\nContent-Le")))) {
            long start = System.nanoTime();
            SalvoException e = failure(transport.exchange(get(peer.url("/stops")).readTimeout(READ_TIMEOUT).build()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.type()).as("error of a head that stops (%s)", e.getMessage()).isEqualTo(ErrorType.READ_TIMEOUT);
            assertThat(ms).as("ms until the read timeout of %s fired", READ_TIMEOUT)
                    .isBetween(READ_TIMEOUT.toMillis() - 50, READ_TIMEOUT.toMillis() + 3_000);
        }
    }

    @Test
    void aTlsHandshakeSlowerThanTheReadTimeoutIsNotAReadTimeout() throws IOException {
        try (RawPeer peer = RawPeer.start(s -> {
            Thread.sleep(3 * READ_TIMEOUT.toMillis() / 2);
            return handshake(s);
        }, (r, out) -> out.write(RawPeer.ok("ok")))) {
            TransportResponse r = Exchanges.await(transport.exchange(get(peer.httpsUrl("/slow-handshake"))
                    .connectTimeout(Duration.ofSeconds(10)).readTimeout(READ_TIMEOUT).build()));
            assertThat(r.status()).as("status after a TLS handshake of %d ms, read timeout %s",
                    3 * READ_TIMEOUT.toMillis() / 2, READ_TIMEOUT).isEqualTo(200);
        }
    }

    @Test
    void aReadTimeoutShorterThanTheConnectTimeoutNeitherFiresNorPosesAsOneWhileConnecting() throws IOException {
        Duration connect = Duration.ofMillis(1500);
        try (RawPeer peer = RawPeer.start(s -> {
            s.getInputStream().readAllBytes(); // takes the ClientHello and never answers, until the client gives up
            throw new IOException("the client ended the handshake");
        }, (r, out) -> out.write(RawPeer.ok("ok")))) {
            long start = System.nanoTime();
            SalvoException e = failure(transport.exchange(get(peer.httpsUrl("/no-handshake"))
                    .connectTimeout(connect).readTimeout(Duration.ofMillis(100)).build()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.type()).as("error of a TLS handshake that never ends (%s)", e.getMessage())
                    .isEqualTo(ErrorType.CONNECT_TIMEOUT);
            assertThat(ms).as("ms until it failed, connect timeout %s, read timeout 100 ms", connect)
                    .isGreaterThanOrEqualTo(connect.toMillis() - 50);
        }
    }

    private static Socket handshake(Socket s) throws IOException {
        SSLSocket tls = (SSLSocket) serverTls.getSocketFactory().createSocket(s, null, true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        return tls;
    }
}
