package dev.salvo.transport.netty;

import dev.salvo.Body;
import dev.salvo.Headers;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.WireRules;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes a request on the event loop: the head with the headers core resolved (copied once, not
 * validated again), plus what the wire needs: Host unless the user set one, and the framing.
 * Exactly one Host line goes out: a user's Host, in whatever case it was written (the last, if
 * several were given), replaces the one derived from the URL.
 *
 * <ul>
 *   <li>No body: nothing, or {@code Content-Length: 0} for POST, PUT and PATCH.
 *   <li>In memory: one message with Content-Length, the array wrapped, not copied.
 *   <li>A file over plain http: Content-Length and a {@link DefaultFileRegion} (zero-copy).
 *   <li>Anything else (a file over TLS, multipart, a stream): read off the event loop by a
 *       {@link StreamPump}, with Content-Length when the length is known, else chunked.
 * </ul>
 * The framing and hop-by-hop headers the user gave ({@link WireRules#isFraming}) are dropped: the
 * transport writes its own framing.
 * No Accept-Encoding is added; {@code Connection: keep-alive} is HTTP/1.1's default and is not sent.
 * A user's {@code Connection: close} is sent and keeps the connection out of the pool afterwards.
 */
final class RequestWriter {
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private RequestWriter() {
    }

    static void write(Exchange ex, Channel ch, NettyTransport transport) {
        TransportRequest r = ex.request;
        HttpHeaders h = HEADERS.newHeaders();
        copyHeaders(r.headers(), h, ex);
        if (!h.contains(HttpHeaderNames.HOST)) {
            h.set(HttpHeaderNames.HOST, ex.host.hostHeader);
        }
        HttpMethod method = HttpMethod.valueOf(r.method());
        String target = target(r.uri());
        Body body = r.body();
        Optional<byte[]> inMemory = body == null ? Optional.empty() : body.inMemory();
        if (body == null || inMemory.isPresent()) {
            byte[] bytes = inMemory.orElse(null);
            if (bytes != null || needsLength(method)) {
                h.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes == null ? 0 : bytes.length);
            }
            ch.writeAndFlush(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target,
                    bytes == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes), h, EmptyHttpHeaders.INSTANCE))
                    .addListener(ex);
            return;
        }
        long length;
        try {
            length = body.contentLength();
        } catch (UncheckedIOException e) {
            ex.requestBodyFailed(e.getCause());
            return;
        }
        if (length == 0) {
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            ch.writeAndFlush(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target, Unpooled.EMPTY_BUFFER, h,
                    EmptyHttpHeaders.INSTANCE)).addListener(ex);
            return;
        }
        if (length > 0) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
        } else {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (body instanceof Body.FileBody file && ch.pipeline().get(Connector.TLS) == null) {
            FileChannel fc;
            try {
                fc = FileChannel.open(file.path(), StandardOpenOption.READ);
            } catch (IOException | RuntimeException e) {
                ex.requestBodyFailed(e);
                return;
            }
            ch.write(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target, h));
            ch.write(new DefaultFileRegion(fc, 0, length));
            ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ex);
            return;
        }
        ch.writeAndFlush(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target, h));
        ex.startPump(new StreamPump(ex, ch, body, length, transport.bodyThreads()));
    }

    private static void copyHeaders(Headers from, HttpHeaders to, Exchange ex) {
        from.forEach((name, value) -> {
            if (WireRules.isFraming(name)) {
                return;
            }
            if (name.equalsIgnoreCase("Host")) {
                to.set(HttpHeaderNames.HOST, value); // one line, whatever case or count the user gave
                return;
            }
            if (name.equalsIgnoreCase("Connection") && value.toLowerCase(Locale.ROOT).contains("close")) {
                ex.doNotReuse();
            }
            to.add(name, value);
        });
    }

    private static boolean needsLength(HttpMethod m) {
        return m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH;
    }

    /**
     * The request target: the raw path (at least "/") and query, as the URI has them, except that
     * characters beyond ASCII (which a URI may hold unescaped) are percent-encoded as UTF-8.
     */
    static String target(URI uri) {
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String target = query == null ? path : path + '?' + query;
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) > 0x7e) {
                return asciiOnly(target);
            }
        }
        return target;
    }

    private static String asciiOnly(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x7e || c < 0x21) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
