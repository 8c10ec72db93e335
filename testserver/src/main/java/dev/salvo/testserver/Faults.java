package dev.salvo.testserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Misbehaving responses under {@code /fault/}. All of them run after the whole request has been read.
 *
 * <p>Broken connections and slow or huge responses:
 * <ul>
 *   <li>{@code reset-before-headers}: RST, no byte.</li>
 *   <li>{@code reset-mid-body}: Content-Length 100000, 1000 bytes, then RST.</li>
 *   <li>{@code truncated-body}: Content-Length 1000, 500 bytes, then FIN.</li>
 *   <li>{@code bad-chunk}: a valid chunk, then {@code zz\r\n}, then FIN.</li>
 *   <li>{@code bad-status-line}: {@code HTTP/1.1 abc Broken\r\n\r\n}, then FIN.</li>
 *   <li>{@code never-responds}: nothing, until either side closes.</li>
 *   <li>{@code slow-body?bytes=10&interval_ms=100}: one body byte per interval; the connection stays usable.</li>
 *   <li>{@code huge-headers?size=1048576}: {@code X-Huge-i} header lines of {@code size} bytes in all.</li>
 *   <li>{@code endless-body}: chunked, never ends, respects backpressure.</li>
 * </ul>
 *
 * <p>A hostile server ({@link HostileFaults}). Every malformed response below is written as raw bytes, carries
 * {@code X-Salvo-Connection}, and <em>leaves the connection open</em>: the server reads and answers the next request
 * on it, so a client that reuses it reads the leftover bytes first.
 * <ul>
 *   <li>{@code gzip-bomb}, {@code deflate-bomb}: 200 with {@code Content-Encoding: gzip} (resp. {@code deflate},
 *       zlib) whose body inflates to 1 GiB of zeros; about 1 MB on the wire, built once per JVM.</li>
 *   <li>{@code chunked-with-content-length}: {@code Transfer-Encoding: chunked} and a {@code Content-Length} that
 *       covers only the chunk-size line. Read as chunked, the body is one chunk; framed by Content-Length, the bytes
 *       left over are one complete forged response with {@code X-Forged: yes}.</li>
 *   <li>{@code two-content-lengths?first=short}: {@code Content-Length: 5} and {@code Content-Length: 5+n}
 *       ({@code first=long}: the other order), then {@code hello} and a forged response of n bytes: a client
 *       taking the 5 leaves the forgery on the connection.</li>
 *   <li>{@code content-length?value=V}: {@code Content-Length: V} verbatim (e.g. {@code -1}, {@code 5x},
 *       {@code 5, 64}; printable ASCII, at most 64 characters), then {@code hello}.</li>
 *   <li>{@code bare-cr}: the header line {@code X-A: a\rX-Injected: yes} (a bare CR inside the value).</li>
 *   <li>{@code status-code?code=999999}: the status line {@code HTTP/1.1 <code> Weird}, code verbatim.</li>
 *   <li>{@code many-headers?count=100000}: that many header lines {@code X-Line-<i>: x}, then {@code hello}.</li>
 *   <li>{@code many-cookies?count=5000&prefix=c} (well-formed, through the codec): that many
 *       {@code Set-Cookie: <prefix><i>=v; Path=/} lines.</li>
 *   <li>{@code slow-head?bytes=6&interval_ms=500}: a small valid response whose first {@code bytes} bytes (of the
 *       head) go one per interval, the first one interval after the request, and the rest one interval after the
 *       last ({@code (bytes + 1) * interval_ms} in all, never quiet longer than the interval); the connection stays
 *       usable.</li>
 * </ul>
 * Cookies with any attributes (a {@code Domain} that is a public suffix, {@code Secure} over http) come from
 * {@code /response-headers?Set-Cookie=...}.
 */
final class Faults {

    /** Name of the pass-through handler below the HTTP codec; writing from its context bypasses the codec. */
    static final String RAW_HANDLER = "raw";

    private static final ByteBuf ENDLESS_CHUNK;

    static {
        byte[] b = new byte[16 * 1024];
        Arrays.fill(b, (byte) 'x');
        ENDLESS_CHUNK = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(b).asReadOnly());
    }

    private Faults() {
    }

    static void handle(Exchange ex, String name) {
        switch (name) {
            case "reset-before-headers" -> reset(ex.channel());
            case "reset-mid-body" -> resetMidBody(ex);
            case "truncated-body" -> truncatedBody(ex);
            case "bad-chunk" -> raw(ex, "HTTP/1.1 200 OK\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n"
                    + Exchange.CONNECTION_HEADER + ": " + ex.connectionId + "\r\n"
                    + "\r\n"
                    + "5\r\nhello\r\n"
                    + "zz\r\nthis is not a chunk\r\n");
            case "bad-status-line" -> raw(ex, "HTTP/1.1 abc Broken\r\n\r\n");
            case "never-responds" -> {
                // keep the exchange in flight until the client or the server closes the connection
            }
            case "slow-body" -> slowBody(ex);
            case "huge-headers" -> hugeHeaders(ex);
            case "endless-body" -> endlessBody(ex);
            case "gzip-bomb" -> HostileFaults.gzipBomb(ex);
            case "deflate-bomb" -> HostileFaults.deflateBomb(ex);
            case "chunked-with-content-length" -> HostileFaults.chunkedWithContentLength(ex);
            case "two-content-lengths" -> HostileFaults.twoContentLengths(ex);
            case "content-length" -> HostileFaults.contentLength(ex);
            case "bare-cr" -> HostileFaults.bareCr(ex);
            case "status-code" -> HostileFaults.statusCode(ex);
            case "many-headers" -> HostileFaults.manyHeaders(ex);
            case "many-cookies" -> HostileFaults.manyCookies(ex);
            case "slow-head" -> HostileFaults.slowHead(ex);
            default -> Endpoints.notFound(ex);
        }
    }

    /** Closes with SO_LINGER 0, so the kernel sends RST; bypasses the pipeline (no TLS close_notify either). */
    static void reset(Channel ch) {
        if (!ch.isOpen()) {
            return;
        }
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.unsafe().close(ch.unsafe().voidPromise());
    }

    private static void resetMidBody(Exchange ex) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        HttpUtil.setContentLength(head, 100_000);
        ex.writeHead(head);
        ex.writeContent(filled(1000, 'r'));
        ex.ctx.flush();
        // give the bytes a moment to reach the peer's receive buffer, then reset
        ex.schedule(() -> reset(ex.channel()), 50, TimeUnit.MILLISECONDS);
    }

    private static void truncatedBody(Exchange ex) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        HttpUtil.setContentLength(head, 1000);
        ex.keepAlive = false;
        ex.writeHead(head);
        ex.writeContent(filled(500, 't'));
        ex.ctx.flush().close();
    }

    private static void raw(Exchange ex, String bytes) {
        ChannelHandlerContext raw = ex.ctx.pipeline().context(RAW_HANDLER);
        raw.writeAndFlush(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private static void slowBody(Exchange ex) {
        long bytes;
        long intervalMs;
        try {
            bytes = Long.parseLong(ex.param("bytes", "10"));
            intervalMs = Long.parseLong(ex.param("interval_ms", "100"));
        } catch (NumberFormatException e) {
            Endpoints.badRequest(ex, "invalid parameter: " + e.getMessage());
            return;
        }
        if (bytes < 0 || bytes > 10 * 1024 * 1024 || intervalMs < 0 || intervalMs > 60_000) {
            Endpoints.badRequest(ex, "bytes must be 0..10485760 and interval_ms 0..60000");
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        HttpUtil.setContentLength(head, bytes);
        ex.writeHead(head);
        if (bytes == 0 || ex.headRequest) {
            ex.writeLast(new DefaultLastHttpContent());
            return;
        }
        ex.ctx.flush();
        new SlowBody(ex, bytes, intervalMs).scheduleNext();
    }

    /** Sends one byte per interval, the first one interval after the head. */
    private static final class SlowBody {
        private final Exchange ex;
        private final long total;
        private final long intervalMs;
        private long sent;

        SlowBody(Exchange ex, long total, long intervalMs) {
            this.ex = ex;
            this.total = total;
            this.intervalMs = intervalMs;
        }

        void scheduleNext() {
            ex.schedule(this::tick, intervalMs, TimeUnit.MILLISECONDS);
        }

        private void tick() {
            sent++;
            if (sent == total) {
                ex.writeLast(new DefaultLastHttpContent(filled(1, '.')));
            } else {
                ex.writeContent(filled(1, '.'));
                ex.ctx.flush();
                scheduleNext();
            }
        }
    }

    private static void hugeHeaders(Exchange ex) {
        long size;
        try {
            size = Long.parseLong(ex.param("size", String.valueOf(1024 * 1024)));
        } catch (NumberFormatException e) {
            Endpoints.badRequest(ex, "invalid size");
            return;
        }
        if (size < 0 || size > 64L * 1024 * 1024) {
            Endpoints.badRequest(ex, "size must be between 0 and 67108864");
            return;
        }
        FullHttpResponse r = ex.newResponse(HttpResponseStatus.OK,
                Unpooled.copiedBuffer("huge headers\n", StandardCharsets.US_ASCII), "text/plain");
        // header lines "X-Huge-i: aaa...\r\n" whose lengths add up to `size` (at least one byte of value each)
        long remaining = size;
        int maxValue = 8 * 1024;
        char[] fill = new char[maxValue];
        Arrays.fill(fill, 'a');
        for (int i = 0; remaining > 0; i++) {
            String name = "X-Huge-" + i;
            long overhead = name.length() + 4L;
            int valueLength = (int) Math.max(1, Math.min(maxValue, remaining - overhead));
            if (remaining - overhead - valueLength > 0 && remaining - overhead - valueLength < 16) {
                valueLength -= 16; // leave room for a last line of reasonable length
            }
            r.headers().add(name, new String(fill, 0, valueLength));
            remaining -= overhead + valueLength;
        }
        ex.send(r);
    }

    private static void endlessBody(Exchange ex) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        HttpUtil.setTransferEncodingChunked(head, true);
        ex.stream(head, alloc -> ENDLESS_CHUNK.duplicate());
    }

    private static ByteBuf filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return Unpooled.wrappedBuffer(b);
    }
}
