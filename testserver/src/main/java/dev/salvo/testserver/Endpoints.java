package dev.salvo.testserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** The httpbin-compatible endpoints, plus the Salvo extras under {@code /salvo/}. Faults live in {@link Faults}. */
final class Endpoints {

    static final long MAX_BYTES = 1L << 30;
    static final long MAX_BOMB = 1L << 30;
    static final int MAX_STREAM_LINES = 100_000;
    static final double MAX_DELAY_SECONDS = 10.0;
    static final long MAX_HOLD_MILLIS = 60_000;

    private static final String REALM = "Basic realm=\"Fake Realm\"";

    private Endpoints() {
    }

    static void handle(Exchange ex) {
        String path = ex.path();
        String[] seg = segments(path);
        String first = seg.length > 0 ? seg[0] : "";
        switch (first) {
            case "" -> ex.sendText(HttpResponseStatus.OK, "salvo testserver: an httpbin-compatible test server\n");
            case "get" -> methodEcho(ex, seg, HttpMethod.GET);
            case "post" -> methodEcho(ex, seg, HttpMethod.POST);
            case "put" -> methodEcho(ex, seg, HttpMethod.PUT);
            case "patch" -> methodEcho(ex, seg, HttpMethod.PATCH);
            case "delete" -> methodEcho(ex, seg, HttpMethod.DELETE);
            case "anything" -> ex.sendJson(Echo.full(ex));
            case "headers" -> exact(ex, seg, 1, () -> ex.sendJson(Map.of("headers", Echo.headers(ex.request))));
            case "user-agent" -> exact(ex, seg, 1, () -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("user-agent", ex.request.headers().get(HttpHeaderNames.USER_AGENT));
                ex.sendJson(m);
            });
            case "ip" -> exact(ex, seg, 1, () -> ex.sendJson(Map.of("origin", Echo.origin(ex))));
            case "status" -> exact(ex, seg, 2, () -> status(ex, seg[1]));
            case "delay" -> exact(ex, seg, 2, () -> delay(ex, seg[1]));
            case "stream" -> exact(ex, seg, 2, () -> stream(ex, seg[1]));
            case "bytes" -> exact(ex, seg, 2, () -> bytes(ex, seg[1]));
            case "drip" -> exact(ex, seg, 1, () -> drip(ex));
            case "redirect" -> exact(ex, seg, 2, () -> redirect(ex, seg[1], "relative-redirect",
                    "true".equalsIgnoreCase(ex.param("absolute", "false"))));
            case "relative-redirect" -> exact(ex, seg, 2, () -> redirect(ex, seg[1], "relative-redirect", false));
            case "absolute-redirect" -> exact(ex, seg, 2, () -> redirect(ex, seg[1], "absolute-redirect", true));
            case "redirect-to" -> exact(ex, seg, 1, () -> redirectTo(ex));
            case "cookies" -> cookies(ex, seg);
            case "basic-auth" -> exact(ex, seg, 3, () -> basicAuth(ex, seg[1], seg[2]));
            case "bearer" -> exact(ex, seg, 1, () -> bearer(ex));
            case "gzip" -> exact(ex, seg, 1, () -> compressed(ex, "gzip", "gzipped"));
            case "deflate" -> exact(ex, seg, 1, () -> compressed(ex, "deflate", "deflated"));
            case "response-headers" -> exact(ex, seg, 1, () -> responseHeaders(ex));
            case "salvo" -> salvo(ex, seg);
            case "fault" -> exact(ex, seg, 2, () -> Faults.handle(ex, seg[1]));
            default -> notFound(ex);
        }
    }

    private static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            return new String[0];
        }
        return p.split("/", -1);
    }

    private static void exact(Exchange ex, String[] seg, int count, Runnable r) {
        if (seg.length != count) {
            notFound(ex);
        } else {
            r.run();
        }
    }

    static void notFound(Exchange ex) {
        ex.sendText(HttpResponseStatus.NOT_FOUND, "404 Not Found: " + ex.path() + "\n");
    }

    static void badRequest(Exchange ex, String why) {
        ex.sendText(HttpResponseStatus.BAD_REQUEST, why + "\n");
    }

    // ------------------------------------------------------------------ echo

    private static void methodEcho(Exchange ex, String[] seg, HttpMethod allowed) {
        if (seg.length != 1) {
            notFound(ex);
            return;
        }
        HttpMethod m = ex.request.method();
        boolean ok = m.equals(allowed) || (allowed.equals(HttpMethod.GET) && m.equals(HttpMethod.HEAD))
                || m.equals(HttpMethod.OPTIONS);
        if (!ok) {
            FullHttpResponse r = ex.newResponse(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    Unpooled.copiedBuffer("405 Method Not Allowed\n", StandardCharsets.UTF_8),
                    "text/plain; charset=utf-8");
            r.headers().set(HttpHeaderNames.ALLOW, allowed.equals(HttpMethod.GET)
                    ? "GET, HEAD, OPTIONS" : allowed.name() + ", OPTIONS");
            ex.send(r);
            return;
        }
        if (m.equals(HttpMethod.OPTIONS)) {
            FullHttpResponse r = ex.newResponse(HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER, null);
            r.headers().set(HttpHeaderNames.ALLOW, allowed.equals(HttpMethod.GET)
                    ? "GET, HEAD, OPTIONS" : allowed.name() + ", OPTIONS");
            ex.send(r);
            return;
        }
        ex.sendJson(Echo.full(ex));
    }

    // ------------------------------------------------------------------ status, delays

    private static void status(Exchange ex, String codeText) {
        int code;
        try {
            code = Integer.parseInt(codeText);
        } catch (NumberFormatException e) {
            badRequest(ex, "invalid status code: " + codeText);
            return;
        }
        if (code < 200 || code > 599) {
            badRequest(ex, "status code must be between 200 and 599: " + code);
            return;
        }
        FullHttpResponse r = ex.newResponse(HttpResponseStatus.valueOf(code), Unpooled.EMPTY_BUFFER, null);
        if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
            r.headers().set(HttpHeaderNames.LOCATION, "/redirect/1");
        }
        if (code == 401) {
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, REALM);
        }
        if (code == 407) {
            r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, REALM);
        }
        ex.send(r);
    }

    private static void delay(Exchange ex, String secondsText) {
        double seconds;
        try {
            seconds = Double.parseDouble(secondsText);
        } catch (NumberFormatException e) {
            badRequest(ex, "invalid delay: " + secondsText);
            return;
        }
        if (!(seconds >= 0)) {
            badRequest(ex, "invalid delay: " + secondsText);
            return;
        }
        long nanos = (long) (Math.min(seconds, MAX_DELAY_SECONDS) * 1e9);
        later(ex, nanos, () -> ex.sendJson(Echo.full(ex)));
    }

    private static void hold(Exchange ex, String millisText) {
        long ms;
        try {
            ms = Long.parseLong(millisText);
        } catch (NumberFormatException e) {
            badRequest(ex, "invalid milliseconds: " + millisText);
            return;
        }
        if (ms < 0) {
            badRequest(ex, "invalid milliseconds: " + millisText);
            return;
        }
        later(ex, TimeUnit.MILLISECONDS.toNanos(Math.min(ms, MAX_HOLD_MILLIS)), () -> ex.sendJson(Echo.full(ex)));
    }

    private static void later(Exchange ex, long nanos, Runnable r) {
        if (nanos <= 0) {
            r.run();
        } else {
            ex.schedule(r, nanos, TimeUnit.NANOSECONDS);
        }
    }

    // ------------------------------------------------------------------ bodies

    private static void stream(Exchange ex, String countText) {
        int n;
        try {
            n = Integer.parseInt(countText);
        } catch (NumberFormatException e) {
            badRequest(ex, "invalid line count: " + countText);
            return;
        }
        n = Math.max(0, Math.min(n, MAX_STREAM_LINES));
        Map<String, Object> line = Echo.basic(ex);
        int total = n;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        ex.stream(head, new Exchange.ChunkSource() {
            int id;

            @Override
            public ByteBuf next(ByteBufAllocator alloc) {
                if (id >= total) {
                    return null;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id++);
                m.putAll(line);
                try {
                    return Unpooled.wrappedBuffer(ex.server.json().writeValueAsBytes(m), new byte[] {'\n'});
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    private static void bytes(Exchange ex, String countText) {
        long n;
        long seed;
        try {
            n = Long.parseLong(countText);
            seed = Long.parseLong(ex.param("seed", "0"));
        } catch (NumberFormatException e) {
            badRequest(ex, "invalid number: " + e.getMessage());
            return;
        }
        if (n < 0 || n > MAX_BYTES) {
            badRequest(ex, "byte count must be between 0 and " + MAX_BYTES);
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        HttpUtil.setContentLength(head, n);
        Random random = new Random(seed);
        ex.stream(head, new Exchange.ChunkSource() {
            long left = n;

            @Override
            public ByteBuf next(ByteBufAllocator alloc) {
                if (left == 0) {
                    return null;
                }
                // chunks are multiples of 4 bytes, so the stream equals one Random.nextBytes(n) call
                int size = (int) Math.min(left, 64 * 1024);
                byte[] chunk = new byte[size];
                random.nextBytes(chunk);
                left -= size;
                return Unpooled.wrappedBuffer(chunk);
            }
        });
    }

    private static void drip(Exchange ex) {
        double duration;
        long numBytes;
        double delay;
        int code;
        try {
            duration = Double.parseDouble(ex.param("duration", "2"));
            numBytes = Long.parseLong(ex.param("numbytes", "10"));
            delay = Double.parseDouble(ex.param("delay", "0"));
            code = Integer.parseInt(ex.param("code", "200"));
        } catch (NumberFormatException e) {
            badRequest(ex, "invalid parameter: " + e.getMessage());
            return;
        }
        if (numBytes <= 0 || numBytes > 10 * 1024 * 1024 || !(duration >= 0) || !(delay >= 0)
                || code < 200 || code > 599) {
            badRequest(ex, "invalid drip parameters");
            return;
        }
        long durationNanos = (long) (Math.min(duration, 60.0) * 1e9);
        long delayNanos = (long) (Math.min(delay, MAX_DELAY_SECONDS) * 1e9);
        later(ex, delayNanos, () -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code));
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
            HttpUtil.setContentLength(head, numBytes);
            ex.writeHead(head);
            if (ex.headRequest) {
                ex.writeLast(LastHttpContent.EMPTY_LAST_CONTENT);
                return;
            }
            new Drip(ex, numBytes, durationNanos).tick();
        });
    }

    /** Sends byte i of a drip at i * (duration / numbytes) after the start, batching when that is too fine. */
    private static final class Drip {
        private final Exchange ex;
        private final long total;
        private final double pauseNanos;
        private final long start = System.nanoTime();
        private long sent;

        Drip(Exchange ex, long total, long durationNanos) {
            this.ex = ex;
            this.total = total;
            this.pauseNanos = (double) durationNanos / total;
        }

        void tick() {
            long elapsed = System.nanoTime() - start;
            long due = pauseNanos == 0 ? total : Math.min(total, (long) (elapsed / pauseNanos) + 1);
            if (due > sent) {
                int count = (int) (due - sent);
                ByteBuf buf = Unpooled.buffer(count);
                for (int i = 0; i < count; i++) {
                    buf.writeByte('*');
                }
                sent = due;
                if (sent == total) {
                    ex.writeLast(new io.netty.handler.codec.http.DefaultLastHttpContent(buf));
                    return;
                }
                ex.writeContent(buf);
                ex.ctx.flush();
            }
            long nextAt = (long) (sent * pauseNanos);
            long wait = Math.max(nextAt - (System.nanoTime() - start), TimeUnit.MILLISECONDS.toNanos(1));
            ex.schedule(this::tick, wait, TimeUnit.NANOSECONDS);
        }
    }

    // ------------------------------------------------------------------ redirects

    private static void redirect(Exchange ex, String countText, String kind, boolean absolute) {
        int n;
        try {
            n = Integer.parseInt(countText);
        } catch (NumberFormatException e) {
            badRequest(ex, "invalid redirect count: " + countText);
            return;
        }
        if (n < 1) {
            badRequest(ex, "redirect count must be at least 1");
            return;
        }
        String target = n == 1 ? "/get" : "/" + (absolute ? "absolute-redirect" : kind) + "/" + (n - 1);
        if (absolute) {
            target = ex.scheme + "://" + Echo.host(ex) + target;
        }
        sendRedirect(ex, HttpResponseStatus.FOUND, target);
    }

    private static void redirectTo(Exchange ex) {
        String url = ex.param("url", null);
        if (url == null || url.isEmpty()) {
            badRequest(ex, "missing url parameter");
            return;
        }
        int code = 302;
        String codeText = ex.param("status_code", null);
        if (codeText != null) {
            try {
                code = Integer.parseInt(codeText);
            } catch (NumberFormatException e) {
                badRequest(ex, "invalid status_code: " + codeText);
                return;
            }
            if (code < 300 || code > 399) {
                code = 302;
            }
        }
        sendRedirect(ex, HttpResponseStatus.valueOf(code), url);
    }

    static void sendRedirect(Exchange ex, HttpResponseStatus status, String location) {
        FullHttpResponse r = ex.newResponse(status, Unpooled.EMPTY_BUFFER, null);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        ex.send(r);
    }

    // ------------------------------------------------------------------ cookies and auth

    private static void cookies(Exchange ex, String[] seg) {
        if (seg.length == 1) {
            Map<String, String> cookies = new LinkedHashMap<>();
            for (String header : ex.request.headers().getAll(HttpHeaderNames.COOKIE)) {
                for (Cookie c : ServerCookieDecoder.LAX.decodeAll(header)) {
                    cookies.put(c.name(), c.value());
                }
            }
            ex.sendJson(Map.of("cookies", cookies));
        } else if (seg.length == 2 && seg[1].equals("set")) {
            FullHttpResponse r = redirectToCookies(ex);
            ex.query.parameters().forEach((name, values) -> r.headers().add(HttpHeaderNames.SET_COOKIE,
                    ServerCookieEncoder.LAX.encode(cookie(name, values.get(values.size() - 1)))));
            ex.send(r);
        } else if (seg.length == 4 && seg[1].equals("set")) {
            FullHttpResponse r = redirectToCookies(ex);
            r.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.LAX.encode(cookie(seg[2], seg[3])));
            ex.send(r);
        } else if (seg.length == 2 && seg[1].equals("delete")) {
            FullHttpResponse r = redirectToCookies(ex);
            for (String name : ex.query.parameters().keySet()) {
                DefaultCookie c = cookie(name, "");
                c.setMaxAge(0);
                r.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.LAX.encode(c));
            }
            ex.send(r);
        } else {
            notFound(ex);
        }
    }

    private static DefaultCookie cookie(String name, String value) {
        DefaultCookie c = new DefaultCookie(name, value);
        c.setPath("/");
        return c;
    }

    private static FullHttpResponse redirectToCookies(Exchange ex) {
        FullHttpResponse r = ex.newResponse(HttpResponseStatus.FOUND, Unpooled.EMPTY_BUFFER, null);
        r.headers().set(HttpHeaderNames.LOCATION, "/cookies");
        return r;
    }

    private static void basicAuth(Exchange ex, String user, String password) {
        String auth = ex.request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()),
                        StandardCharsets.UTF_8);
                if (decoded.equals(user + ":" + password)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("authenticated", true);
                    m.put("user", user);
                    ex.sendJson(m);
                    return;
                }
            } catch (IllegalArgumentException ignored) {
                // bad base64: unauthorized
            }
        }
        FullHttpResponse r = ex.newResponse(HttpResponseStatus.UNAUTHORIZED, Unpooled.EMPTY_BUFFER, null);
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, REALM);
        ex.send(r);
    }

    private static void bearer(Exchange ex) {
        String auth = ex.request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && !auth.substring(7).isBlank()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("authenticated", true);
            m.put("token", auth.substring(7).trim());
            ex.sendJson(m);
            return;
        }
        FullHttpResponse r = ex.newResponse(HttpResponseStatus.UNAUTHORIZED, Unpooled.EMPTY_BUFFER, null);
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        ex.send(r);
    }

    // ------------------------------------------------------------------ encodings and headers

    private static void compressed(Exchange ex, String encoding, String flag) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(flag, true);
        m.put("headers", Echo.headers(ex.request));
        m.put("method", ex.request.method().name());
        m.put("origin", Echo.origin(ex));
        byte[] plain = json(ex, m);
        byte[] body = switch (encoding) {
            case "gzip" -> Compression.gzip(plain);
            case "deflate" -> Compression.zlib(plain);
            default -> Compression.rawDeflate(plain);
        };
        FullHttpResponse r = ex.newResponse(HttpResponseStatus.OK, Unpooled.wrappedBuffer(body),
                HttpHeaderValues.APPLICATION_JSON);
        r.headers().set(HttpHeaderNames.CONTENT_ENCODING, encoding.equals("raw") ? "deflate" : encoding);
        ex.send(r);
    }

    private static byte[] json(Exchange ex, Object value) {
        try {
            byte[] b = ex.server.json().writeValueAsBytes(value);
            byte[] withNewline = new byte[b.length + 1];
            System.arraycopy(b, 0, withNewline, 0, b.length);
            withNewline[b.length] = '\n';
            return withNewline;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void responseHeaders(Exchange ex) {
        Map<String, List<String>> params = ex.query.parameters();
        FullHttpResponse r = ex.jsonResponse(HttpResponseStatus.OK, Echo.multiMap(params));
        try {
            params.forEach((name, values) -> {
                r.headers().remove(name);
                values.forEach(v -> r.headers().add(name, v));
            });
        } catch (IllegalArgumentException e) {
            r.release();
            badRequest(ex, "invalid header: " + e.getMessage());
            return;
        }
        ex.send(r);
    }

    // ------------------------------------------------------------------ /salvo/*

    private static void salvo(Exchange ex, String[] seg) {
        String what = seg.length > 1 ? seg[1] : "";
        switch (what) {
            case "hold" -> exact(ex, seg, 3, () -> hold(ex, seg[2]));
            case "text" -> exact(ex, seg, 2, () -> text(ex));
            case "gzip-bomb" -> exact(ex, seg, 2, () -> gzipBomb(ex));
            case "deflate-raw" -> exact(ex, seg, 2, () -> compressed(ex, "raw", "deflated"));
            case "flaky" -> exact(ex, seg, 3, () -> Retries.flaky(ex, seg[2]));
            case "stamp" -> exact(ex, seg, 3, () -> Retries.stamp(ex, seg[2]));
            default -> notFound(ex);
        }
    }

    private static void text(Exchange ex) {
        String charsetName = ex.param("charset", "UTF-8");
        Charset charset;
        try {
            charset = Charset.forName(charsetName);
        } catch (IllegalArgumentException e) {
            badRequest(ex, "unsupported charset: " + charsetName);
            return;
        }
        if (!charset.canEncode()) {
            badRequest(ex, "charset cannot encode: " + charsetName);
            return;
        }
        byte[] body = ex.param("text", "").getBytes(charset);
        ex.send(ex.newResponse(HttpResponseStatus.OK, Unpooled.wrappedBuffer(body),
                "text/plain; charset=" + charsetName));
    }

    private static void gzipBomb(Exchange ex) {
        long size;
        try {
            size = Long.parseLong(ex.param("size", String.valueOf(10 * 1024 * 1024)));
        } catch (NumberFormatException e) {
            badRequest(ex, "invalid size");
            return;
        }
        if (size < 0 || size > MAX_BOMB) {
            badRequest(ex, "size must be between 0 and " + MAX_BOMB);
            return;
        }
        FullHttpResponse r = ex.newResponse(HttpResponseStatus.OK, Compression.gzipBomb(size),
                HttpHeaderValues.APPLICATION_OCTET_STREAM);
        r.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        ex.send(r);
    }
}
