package dev.salvo.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile server's faults, byte for byte through a raw socket: what each sends, how a client framing it by the
 * wrong rule would read it, and that the server keeps the connection open and serves the next request on it.
 */
class HostileFaultsTest extends AgainstTestServer {
    @Test
    void gzipBombIsAboutOneMegabyteOfOneGibibyteOfZeros() throws IOException {
        byte[] body = bombBody("/fault/gzip-bomb", "gzip");
        assertThat(inflatedZeros(new GZIPInputStream(new ByteArrayInputStream(body), 64 * 1024)))
                .as("zero bytes inflated from the gzip bomb").isEqualTo(1L << 30);
    }

    @Test
    void deflateBombIsAboutOneMegabyteOfOneGibibyteOfZeros() throws IOException {
        byte[] body = bombBody("/fault/deflate-bomb", "deflate");
        assertThat(body[0]).as("zlib header CMF").isEqualTo((byte) 0x78);
        assertThat(inflatedZeros(new InflaterInputStream(new ByteArrayInputStream(body))))
                .as("zero bytes inflated from the zlib bomb").isEqualTo(1L << 30);
    }

    @Test
    void chunkedWithContentLengthHidesAForgedResponseFromContentLengthFraming() throws IOException {
        try (Socket s = Support.connect(base, 5000)) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            Support.write(s, get("/fault/chunked-with-content-length"));
            String head = Heads.read(in);
            assertThat(Support.header(head, "Transfer-Encoding")).as("Transfer-Encoding").isEqualTo("chunked");
            int length = Integer.parseInt(Support.header(head, "Content-Length"));
            // read as chunked: one chunk, then the last chunk
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String sizeLine = readLine(in);
            body.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = readExactly(in, Integer.parseInt(sizeLine, 16));
            body.writeBytes(chunk);
            byte[] end = readExactly(in, 7);
            assertThat(new String(end, StandardCharsets.ISO_8859_1)).as("end of the chunked body")
                    .isEqualTo("\r\n0\r\n\r\n");
            body.writeBytes(end);
            // framed by Content-Length instead: the rest is one complete forged response
            byte[] all = body.toByteArray();
            assertThat(length).as("Content-Length covers the chunk-size line").isEqualTo(sizeLine.length() + 2);
            assertForgedResponseIsExactly(new String(all, length, all.length - length, StandardCharsets.ISO_8859_1));
            assertNextRequestIsServedOnTheSameConnection(s, in, head);
        }
    }

    @ParameterizedTest(name = "first={0}")
    @ValueSource(strings = {"short", "long"})
    void twoContentLengthsHideAForgedResponseFromTheShortOne(String first) throws IOException {
        try (Socket s = Support.connect(base, 5000)) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            Support.write(s, get("/fault/two-content-lengths?first=" + first));
            String head = Heads.read(in);
            List<Integer> lengths = new ArrayList<>();
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    lengths.add(Integer.parseInt(line.substring(15).trim()));
                }
            }
            assertThat(lengths).as("Content-Length fields").hasSize(2);
            int shortOne = Math.min(lengths.get(0), lengths.get(1));
            int longOne = Math.max(lengths.get(0), lengths.get(1));
            assertThat(lengths.get(0)).as("first Content-Length with first=%s", first)
                    .isEqualTo(first.equals("short") ? shortOne : longOne);
            String body = new String(readExactly(in, longOne), StandardCharsets.ISO_8859_1);
            assertThat(body.substring(0, shortOne)).as("the body by the short length").isEqualTo("hello");
            assertForgedResponseIsExactly(body.substring(shortOne));
            assertNextRequestIsServedOnTheSameConnection(s, in, head);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-1", "5x", "5, 64"})
    void contentLengthIsSentVerbatim(String value) throws IOException {
        try (Socket s = Support.connect(base, 5000)) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            Support.write(s, get("/fault/content-length?value=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
            String head = Heads.read(in);
            assertThat(head).as("head").contains("\r\nContent-Length: " + value + "\r\n");
            assertThat(new String(readExactly(in, 5), StandardCharsets.ISO_8859_1)).as("body").isEqualTo("hello");
            assertNextRequestIsServedOnTheSameConnection(s, in, head);
        }
    }

    @Test
    void contentLengthRejectsValuesThatAreNotPrintable() throws IOException {
        assertThat(Support.raw(base, getAndClose("/fault/content-length?value=5%0D%0AX-Evil:%201"), 5000).text())
                .as("a value with CR LF").startsWith("HTTP/1.1 400 ");
        assertThat(Support.raw(base, getAndClose("/fault/content-length"), 5000).text()).as("no value")
                .startsWith("HTTP/1.1 400 ");
    }

    @Test
    void bareCrStaysInsideTheHeaderValue() throws IOException {
        try (Socket s = Support.connect(base, 5000)) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            Support.write(s, get("/fault/bare-cr"));
            String head = Heads.read(in);
            assertThat(head).as("head").contains("\r\nX-A: a\rX-Injected: yes\r\n");
            assertThat(new String(readExactly(in, 5), StandardCharsets.ISO_8859_1)).as("body").isEqualTo("hello");
            assertNextRequestIsServedOnTheSameConnection(s, in, head);
        }
    }

    @Test
    void statusCodeIsSentVerbatim() throws IOException {
        try (Socket s = Support.connect(base, 5000)) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            Support.write(s, get("/fault/status-code?code=999999"));
            String head = Heads.read(in);
            assertThat(head).as("head").startsWith("HTTP/1.1 999999 Weird\r\n");
            assertThat(new String(readExactly(in, 5), StandardCharsets.ISO_8859_1)).as("body").isEqualTo("hello");
            assertNextRequestIsServedOnTheSameConnection(s, in, head);
        }
    }

    @Test
    void manyHeadersSendsThatManyLines() throws IOException {
        try (Socket s = Support.connect(base, 5000)) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            Support.write(s, get("/fault/many-headers?count=100000"));
            String head = Heads.read(in);
            assertThat(head.lines().filter(l -> l.startsWith("X-Line-")).count()).as("X-Line-i header lines")
                    .isEqualTo(100_000);
            assertThat(head).as("last line").contains("\r\nX-Line-99999: x\r\n");
            assertThat(new String(readExactly(in, 5), StandardCharsets.ISO_8859_1)).as("body").isEqualTo("hello");
            assertNextRequestIsServedOnTheSameConnection(s, in, head);
        }
    }

    @Test
    void manyCookiesSetsThatManyDistinctCookies() throws IOException {
        try (Socket s = Support.connect(base, 5000)) {
            Support.write(s, get("/fault/many-cookies?count=5000&prefix=r3"));
            String response = Support.readResponse(new BufferedInputStream(s.getInputStream()));
            assertThat(response).as("response").startsWith("HTTP/1.1 200 ");
            List<String> cookies = response.lines().filter(l -> l.regionMatches(true, 0, "Set-Cookie:", 0, 11))
                    .map(l -> l.substring(11).trim()).toList();
            assertThat(cookies).as("Set-Cookie lines").hasSize(5000).doesNotHaveDuplicates()
                    .allSatisfy(c -> assertThat(c).matches("r3\\d+=v; Path=/"));
            assertThat(cookies).as("Set-Cookie lines").contains("r30=v; Path=/", "r34999=v; Path=/");
        }
    }

    @Test
    void slowHeadDripsItsFirstBytesThenSendsTheRest() throws IOException {
        try (Socket s = Support.connect(base, 5000)) {
            InputStream in = s.getInputStream();
            long start = System.nanoTime();
            Support.write(s, get("/fault/slow-head?bytes=4&interval_ms=200"));
            List<Long> arrivals = new ArrayList<>();
            StringBuilder first = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                int b = in.read();
                arrivals.add((System.nanoTime() - start) / 1_000_000);
                first.append((char) b);
                // nothing beyond the dripped byte has arrived yet
                assertThat(in.available()).as("bytes waiting after dripped byte %d", i).isZero();
            }
            assertThat(first.toString()).as("dripped bytes").isEqualTo("HTTP");
            for (int i = 0; i < arrivals.size(); i++) {
                long gap = arrivals.get(i) - (i == 0 ? 0 : arrivals.get(i - 1));
                assertThat(gap).as("ms before dripped byte %d (arrivals %s)", i, arrivals).isGreaterThanOrEqualTo(150);
            }
            String rest = Support.readResponse(in);
            long lastGap = (System.nanoTime() - start) / 1_000_000 - arrivals.get(arrivals.size() - 1);
            assertThat(lastGap).as("ms between the last dripped byte and the rest").isGreaterThanOrEqualTo(150);
            assertThat(rest).as("the rest of the response").startsWith("/1.1 200 OK\r\n").endsWith("\r\n\r\nhello");
            Support.write(s, get("/get"));
            assertThat(Support.readResponse(in)).as("next response on the connection").startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void extraPortsServeTheSameEndpointsAndCountInTheSameStats() throws IOException {
        List<Integer> ports = server.extraHttpPorts(3);
        assertThat(ports).as("extra ports").hasSize(3).doesNotHaveDuplicates().doesNotContain(base.getPort());
        assertThat(server.extraHttpPorts(2)).as("asking for fewer").isEqualTo(ports.subList(0, 2));
        assertThat(server.extraHttpPorts(4).subList(0, 3)).as("asking for more keeps the first").isEqualTo(ports);
        long before = server.stats().connectionsAccepted();
        for (int port : ports) {
            URI origin = URI.create("http://127.0.0.1:" + port);
            assertThat(Support.raw(origin, "GET /get HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5000).text())
                    .as("GET /get on extra port %d", port).startsWith("HTTP/1.1 200 ");
        }
        assertThat(server.stats().connectionsAccepted() - before).as("connections counted").isEqualTo(3);
        assertThatThrownBy(() -> server.extraHttpPorts(TestServer.MAX_EXTRA_PORTS + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
    }

    // ------------------------------------------------------------------ helpers

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    private static String getAndClose(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    }

    private static byte[] bombBody(String path, String coding) throws IOException {
        try (Socket s = Support.connect(base, 5000)) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            Support.write(s, get(path));
            String head = Heads.read(in);
            assertThat(Support.header(head, "Content-Encoding")).as("Content-Encoding of %s", path).isEqualTo(coding);
            int length = Integer.parseInt(Support.header(head, "Content-Length"));
            assertThat(length).as("bytes on the wire for %s", path).isBetween(500_000, 2_000_000);
            return readExactly(in, length);
        }
    }

    private static long inflatedZeros(InputStream in) throws IOException {
        long total = 0;
        byte[] buf = new byte[256 * 1024];
        try (in) {
            int n;
            byte[] zeros = new byte[buf.length];
            while ((n = in.read(buf)) > 0) {
                int at = Arrays.mismatch(buf, 0, n, zeros, 0, n);
                assertThat(at).as("offset of a non-zero byte after %d bytes", total).isEqualTo(-1);
                total += n;
            }
        }
        return total;
    }

    /** The forged response must be complete, with {@code X-Forged: yes}, and end exactly where {@code rest} ends. */
    private static void assertForgedResponseIsExactly(String rest) {
        assertThat(rest).as("leftover bytes").startsWith("HTTP/1.1 200 OK\r\n");
        int headEnd = rest.indexOf("\r\n\r\n") + 4;
        String head = rest.substring(0, headEnd);
        assertThat(Support.header(head, "X-Forged")).as("X-Forged in the leftover response").isEqualTo("yes");
        assertThat(Support.header(head, Exchange.CONNECTION_HEADER)).as("connection id of the forgery").isNotNull();
        int forgedLength = Integer.parseInt(Support.header(head, "Content-Length"));
        assertThat(rest.length() - headEnd).as("bytes after the forged head (its Content-Length: %d)", forgedLength)
                .isEqualTo(forgedLength);
        assertThat(rest.substring(headEnd)).as("forged body").startsWith("forged");
    }

    /** The server left the connection open: the next request on it gets a clean 200 on the same connection. */
    private static void assertNextRequestIsServedOnTheSameConnection(Socket s, InputStream in, String faultHead)
            throws IOException {
        assertThat(in.available()).as("bytes left after the fault response").isZero();
        Support.write(s, get("/get"));
        String next = Support.readResponse(in);
        assertThat(next).as("next response on the connection").startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(Support.header(next, "X-Forged")).as("X-Forged on the next response").isNull();
        assertThat(Support.header(next, Exchange.CONNECTION_HEADER)).as("connection id of the next response")
                .isEqualTo(Support.header(faultHead, Exchange.CONNECTION_HEADER)).isNotNull();
    }

    /** A line up to CRLF, without it. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("EOF in a line: " + line);
            }
            line.append((char) b);
        }
        assertThat(line.toString()).as("line ends with CR LF").endsWith("\r");
        return line.substring(0, line.length() - 1);
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("EOF after " + b.length + " of " + n + " bytes");
        }
        return b;
    }
}
