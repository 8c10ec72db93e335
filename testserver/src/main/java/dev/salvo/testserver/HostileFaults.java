package dev.salvo.testserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The faults of a hostile server, as {@link Faults} lists them: responses whose framing is ambiguous or malformed,
 * decompression bombs, floods of header lines and cookies, and a head that drips.
 *
 * <p>The malformed ones are written as raw bytes below the HTTP codec, and the server then <em>keeps the connection
 * open</em> and goes on serving it, as a careless or malicious server would: a client that reuses the connection
 * after such a response reads whatever the server left on it. The ambiguous ones are built so that a client framing
 * the body by the wrong rule finds a complete forged response ({@value #FORGED_HEADER}{@code : yes}, body starting
 * {@code forged}) in the leftover bytes, which it would hand to the next request on that connection.
 */
final class HostileFaults {

    /** Header of the forged response hidden in the leftover bytes of an ambiguous one. */
    static final String FORGED_HEADER = "X-Forged";
    /** Size of the decompression bombs: 1 GiB of zeros. */
    static final long BOMB_SIZE = 1L << 30;

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int MAX_HEADER_LINES = 1_000_000;
    private static final int MAX_COOKIES = 100_000;
    private static final String BODY = "hello";
    /** The chunked body's tail (CRLF after the last data chunk, last chunk, end of trailers). */
    private static final String CHUNKED_END = "\r\n0\r\n\r\n";

    private HostileFaults() {
    }

    /** The bombs, built once on first use (about 1 MB each) and shared by every response. */
    private static final class Bombs {
        static final byte[] GZIP = ByteBufUtil.getBytes(Compression.gzipBomb(BOMB_SIZE));
        static final byte[] DEFLATE = ByteBufUtil.getBytes(Compression.zlibBomb(BOMB_SIZE));
    }

    static void gzipBomb(Exchange ex) {
        bomb(ex, Bombs.GZIP, "gzip");
    }

    static void deflateBomb(Exchange ex) {
        bomb(ex, Bombs.DEFLATE, "deflate");
    }

    private static void bomb(Exchange ex, byte[] body, String coding) {
        FullHttpResponse r = ex.newResponse(HttpResponseStatus.OK, Unpooled.wrappedBuffer(body),
                HttpHeaderValues.APPLICATION_OCTET_STREAM);
        r.headers().set(HttpHeaderNames.CONTENT_ENCODING, coding);
        ex.send(r);
    }

    /** Transfer-Encoding: chunked and a Content-Length that covers only the first chunk-size line. */
    static void chunkedWithContentLength(Exchange ex) {
        // after "<size>\r\n" a Content-Length client reads forged(13) + "forged", then CHUNKED_END as the rest of
        // the forged body; a chunked client reads one chunk holding all of that and a clean end
        String forged = forged(ex, "forged", CHUNKED_END.length());
        String sizeLine = Integer.toHexString(forged.length()) + "\r\n";
        rawKeepOpen(ex, "HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + sizeLine.length() + "\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + connection(ex)
                + "\r\n"
                + sizeLine + forged + CHUNKED_END);
    }

    /** Two Content-Length fields: 5 (covering {@code hello}) and 5 plus the forged response that follows it. */
    static void twoContentLengths(Exchange ex) {
        String order = ex.param("first", "short");
        if (!order.equals("short") && !order.equals("long")) {
            Endpoints.badRequest(ex, "first must be short or long");
            return;
        }
        String forged = forged(ex, "forged", 0);
        String shortLength = "Content-Length: " + BODY.length() + "\r\n";
        String longLength = "Content-Length: " + (BODY.length() + forged.length()) + "\r\n";
        rawKeepOpen(ex, "HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain\r\n"
                + (order.equals("short") ? shortLength + longLength : longLength + shortLength)
                + connection(ex)
                + "\r\n"
                + BODY + forged);
    }

    /** {@code Content-Length: <value>} as given (any printable ASCII), then {@code hello}. */
    static void contentLength(Exchange ex) {
        String value = ex.param("value", null);
        if (!printable(value, 64)) {
            Endpoints.badRequest(ex, "value must be 1..64 printable ASCII characters");
            return;
        }
        rawKeepOpen(ex, "HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + value + "\r\n"
                + connection(ex)
                + "\r\n"
                + BODY);
    }

    /** A header value with a bare CR in it, which a lax parser splits into a second, injected header. */
    static void bareCr(Exchange ex) {
        rawKeepOpen(ex, "HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain\r\n"
                + "X-A: a\rX-Injected: yes\r\n"
                + "Content-Length: " + BODY.length() + "\r\n"
                + connection(ex)
                + "\r\n"
                + BODY);
    }

    /** The status line {@code HTTP/1.1 <code> Weird}, the code as given (999999 by default). */
    static void statusCode(Exchange ex) {
        String code = ex.param("code", "999999");
        if (!printable(code, 32)) {
            Endpoints.badRequest(ex, "code must be 1..32 printable ASCII characters");
            return;
        }
        rawKeepOpen(ex, "HTTP/1.1 " + code + " Weird\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + BODY.length() + "\r\n"
                + connection(ex)
                + "\r\n"
                + BODY);
    }

    /** {@code count} short header lines {@code X-Line-<i>: x} (100,000 by default), then {@code hello}. */
    static void manyHeaders(Exchange ex) {
        int count;
        try {
            count = Integer.parseInt(ex.param("count", "100000"));
        } catch (NumberFormatException e) {
            Endpoints.badRequest(ex, "invalid count");
            return;
        }
        if (count < 0 || count > MAX_HEADER_LINES) {
            Endpoints.badRequest(ex, "count must be between 0 and " + MAX_HEADER_LINES);
            return;
        }
        ByteBuf out = Unpooled.buffer(64 + count * 16);
        out.writeCharSequence("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n", StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            out.writeCharSequence("X-Line-" + i + ": x\r\n", StandardCharsets.US_ASCII);
        }
        out.writeCharSequence("Content-Length: " + BODY.length() + "\r\n" + connection(ex) + "\r\n" + BODY,
                StandardCharsets.US_ASCII);
        rawKeepOpen(ex, out);
    }

    /**
     * A well-formed 200 with {@code count} cookies {@code <prefix><i>=v; Path=/} (5,000 and {@code c} by default);
     * a new prefix per response gives a client cookies it has not seen yet.
     */
    static void manyCookies(Exchange ex) {
        int count;
        try {
            count = Integer.parseInt(ex.param("count", "5000"));
        } catch (NumberFormatException e) {
            Endpoints.badRequest(ex, "invalid count");
            return;
        }
        String prefix = ex.param("prefix", "c");
        if (count < 0 || count > MAX_COOKIES || !TOKEN.matcher(prefix).matches()) {
            Endpoints.badRequest(ex, "count must be between 0 and " + MAX_COOKIES
                    + " and prefix 1..32 letters, digits, _ or -");
            return;
        }
        FullHttpResponse r = ex.newResponse(HttpResponseStatus.OK,
                Unpooled.copiedBuffer(count + " cookies\n", StandardCharsets.US_ASCII), "text/plain");
        for (int i = 0; i < count; i++) {
            r.headers().add(HttpHeaderNames.SET_COOKIE, prefix + i + "=v; Path=/");
        }
        ex.send(r);
    }

    /**
     * A small, valid response whose first {@code bytes} bytes (6 by default; at most the whole head) go one per
     * {@code interval_ms} (500 by default), the first one interval after the request, and the rest one interval after
     * the last of them: the line is never quiet for longer than the interval, and the response takes
     * {@code (bytes + 1) * interval_ms}. The connection stays usable.
     */
    static void slowHead(Exchange ex) {
        int bytes;
        long intervalMs;
        try {
            bytes = Integer.parseInt(ex.param("bytes", "6"));
            intervalMs = Long.parseLong(ex.param("interval_ms", "500"));
        } catch (NumberFormatException e) {
            Endpoints.badRequest(ex, "invalid parameter: " + e.getMessage());
            return;
        }
        byte[] response = ("HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + BODY.length() + "\r\n"
                + connection(ex)
                + "\r\n"
                + BODY).getBytes(StandardCharsets.US_ASCII);
        int head = response.length - BODY.length();
        if (bytes < 0 || bytes > head || intervalMs < 0 || intervalMs > 60_000) {
            Endpoints.badRequest(ex, "bytes must be 0.." + head + " and interval_ms 0..60000");
            return;
        }
        new Drip(ex, response, bytes, intervalMs).scheduleNext();
    }

    /** Sends the first {@code dripped} bytes of a response one per interval, then the rest one interval later. */
    private static final class Drip {
        private final Exchange ex;
        private final byte[] response;
        private final int dripped;
        private final long intervalMs;
        private int sent;

        Drip(Exchange ex, byte[] response, int dripped, long intervalMs) {
            this.ex = ex;
            this.response = response;
            this.dripped = dripped;
            this.intervalMs = intervalMs;
        }

        void scheduleNext() {
            ex.schedule(this::tick, intervalMs, TimeUnit.MILLISECONDS);
        }

        private void tick() {
            if (sent == dripped) {
                rawKeepOpen(ex, Unpooled.wrappedBuffer(response, sent, response.length - sent));
                return;
            }
            raw(ex).writeAndFlush(Unpooled.wrappedBuffer(response, sent, 1));
            sent++;
            scheduleNext();
        }
    }

    /** A complete response with {@value #FORGED_HEADER}, whose body is {@code body} plus {@code extra} more bytes. */
    private static String forged(Exchange ex, String body, int extra) {
        return "HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain\r\n"
                + FORGED_HEADER + ": yes\r\n"
                + "Content-Length: " + (body.length() + extra) + "\r\n"
                + connection(ex)
                + "\r\n"
                + body;
    }

    private static String connection(Exchange ex) {
        return Exchange.CONNECTION_HEADER + ": " + ex.connectionId + "\r\n";
    }

    private static boolean printable(String s, int maxLength) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static ChannelHandlerContext raw(Exchange ex) {
        return ex.ctx.pipeline().context(Faults.RAW_HANDLER);
    }

    private static void rawKeepOpen(Exchange ex, String bytes) {
        rawKeepOpen(ex, Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    /**
     * Writes {@code bytes} below the codec, then ends the exchange as a normal response would: the connection stays
     * open for the next request (unless the request asked to close it).
     */
    private static void rawKeepOpen(Exchange ex, ByteBuf bytes) {
        ex.markResponseStarted();
        raw(ex).writeAndFlush(bytes).addListener(f -> ex.complete());
    }
}
