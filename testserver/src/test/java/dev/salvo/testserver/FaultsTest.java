package dev.salvo.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each fault, observed through a raw socket. */
class FaultsTest extends AgainstTestServer {
    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    @Test
    void resetBeforeHeaders() throws IOException {
        Support.RawResult r = Support.raw(base, get("/fault/reset-before-headers"), 5000);
        assertThat(r.bytes()).isEmpty();
        assertThat(r.reset()).isTrue();
    }

    @Test
    void resetMidBody() throws IOException {
        Support.RawResult r = Support.raw(base, get("/fault/reset-mid-body"), 5000);
        assertThat(r.reset()).isTrue();
        assertThat(r.text()).startsWith("HTTP/1.1 200 ");
        assertThat(Support.header(r.text(), "content-length")).isEqualTo("100000");
        assertThat(r.body().length()).isEqualTo(1000);
    }

    @Test
    void truncatedBody() throws IOException {
        Support.RawResult r = Support.raw(base, get("/fault/truncated-body"), 5000);
        assertThat(r.eof()).isTrue();
        assertThat(r.reset()).isFalse();
        assertThat(Support.header(r.text(), "content-length")).isEqualTo("1000");
        assertThat(r.body()).hasSize(500);
    }

    @Test
    void badChunk() throws IOException {
        Support.RawResult r = Support.raw(base, get("/fault/bad-chunk"), 5000);
        assertThat(r.eof()).isTrue();
        assertThat(Support.header(r.text(), "transfer-encoding")).isEqualTo("chunked");
        assertThat(r.body()).startsWith("5\r\nhello\r\nzz\r\n");
    }

    @Test
    void badStatusLine() throws IOException {
        Support.RawResult r = Support.raw(base, get("/fault/bad-status-line"), 5000);
        assertThat(r.eof()).isTrue();
        assertThat(r.text()).isEqualTo("HTTP/1.1 abc Broken\r\n\r\n");
    }

    @Test
    void neverRespondsKeepsTheRequestInFlightUntilTheClientCloses() throws IOException {
        int before = server.stats().inFlight();
        Socket s = Support.connect(base, 300);
        Support.write(s, get("/fault/never-responds"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == before + 1);
        Support.RawResult r = Support.readAll(s, Long.MAX_VALUE);
        assertThat(r.timedOut()).isTrue();
        assertThat(r.bytes()).isEmpty();
        s.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == before);
    }

    @Test
    void slowBodySendsOneBytePerInterval() throws IOException {
        long t0 = System.nanoTime();
        try (Socket s = Support.connect(base, 5000)) {
            Support.write(s, get("/fault/slow-body?bytes=4&interval_ms=100"));
            String response = Support.readResponse(s.getInputStream());
            assertThat(Support.header(response, "content-length")).isEqualTo("4");
            assertThat(response).endsWith("\r\n\r\n....");
            assertThat(Duration.ofNanos(System.nanoTime() - t0).toMillis()).isGreaterThanOrEqualTo(400);
            // the connection stays usable
            Support.write(s, get("/get"));
            assertThat(Support.readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void hugeHeaders() throws IOException {
        int size = 1024 * 1024;
        try (Socket s = Support.connect(base, 5000)) {
            Support.write(s, get("/fault/huge-headers?size=" + size));
            String response = Support.readResponse(new java.io.BufferedInputStream(s.getInputStream()));
            long hugeBytes = response.lines().filter(l -> l.startsWith("X-Huge-")).mapToLong(l -> l.length() + 2)
                    .sum();
            assertThat(hugeBytes).isEqualTo(size);
            assertThat(response).endsWith("\r\n\r\nhuge headers\n");
        }
    }

    @Test
    void endlessBodyStreamsUntilTheClientGoesAway() throws IOException {
        int before = server.stats().inFlight();
        Socket s = Support.connect(base, 5000);
        Support.write(s, get("/fault/endless-body"));
        InputStream in = s.getInputStream();
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        while (total < 8 * 1024 * 1024) {
            int n = in.read(buf);
            assertThat(n).isPositive();
            total += n;
        }
        assertThat(server.stats().inFlight()).isEqualTo(before + 1);
        s.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == before);
    }

    @Test
    void faultsOverTlsToo() throws Exception {
        javax.net.ssl.SSLContext ctx = TlsTest.trustingContext(server.certificates(), false);
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
                .createSocket("localhost", server.httpsUrl().getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(get("/fault/truncated-body").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Support.RawResult r = Support.readAll(s, Long.MAX_VALUE);
            assertThat(Support.header(r.text(), "content-length")).isEqualTo("1000");
            assertThat(r.body()).hasSize(500);
        }
    }
}
