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

/** Misbehaving responses under {@code /fault/}. All of them run after the whole request has been read. */
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
