package dev.salvo.testserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One request/response exchange on a connection. All methods run on the channel's event loop.
 *
 * <p>The exchange counts as in flight from construction until {@link #complete} (last response byte written)
 * or {@link #abort} (connection closed), whichever comes first; the in-flight counter is released exactly once.
 */
final class Exchange {

    static final String CONNECTION_HEADER = "X-Salvo-Connection";

    /** Produces body chunks; {@code null} means the body is complete. */
    interface ChunkSource {
        ByteBuf next(ByteBufAllocator alloc);
    }

    final ChannelHandlerContext ctx;
    final HttpRequest request;
    final ServerContext server;
    final String scheme;
    final long connectionId;
    final QueryStringDecoder query;
    final boolean headRequest;
    private final HttpConnectionHandler owner;

    boolean keepAlive;
    boolean requestComplete;
    /** Aggregated request body (owned by this exchange), empty until the request is complete. */
    ByteBuf body = Unpooled.EMPTY_BUFFER;

    private boolean finished;
    private boolean responseStarted;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>(2);
    private ChunkSource source;
    private Runnable onWritable;

    Exchange(HttpConnectionHandler owner, ChannelHandlerContext ctx, HttpRequest request, ServerContext server,
             String scheme, long connectionId) {
        this.owner = owner;
        this.ctx = ctx;
        this.request = request;
        this.server = server;
        this.scheme = scheme;
        this.connectionId = connectionId;
        this.query = new QueryStringDecoder(originForm(request.uri()));
        this.headRequest = HttpMethod.HEAD.equals(request.method());
        this.keepAlive = HttpUtil.isKeepAlive(request);
        server.stats().requestStarted();
    }

    /** Path and query of a request target, also for absolute-form targets ({@code http://host/path?q}). */
    static String originForm(String uri) {
        if (uri.startsWith("/") || !uri.contains("://")) {
            return uri;
        }
        try {
            URI u = new URI(uri);
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
        } catch (URISyntaxException e) {
            return uri;
        }
    }

    Channel channel() {
        return ctx.channel();
    }

    boolean isFinished() {
        return finished;
    }

    boolean responseStarted() {
        return responseStarted;
    }

    /** Records that response bytes went out other than through {@link #send} or {@link #writeHead} (raw faults). */
    void markResponseStarted() {
        responseStarted = true;
    }

    String path() {
        return query.path();
    }

    /** First value of a query parameter, or {@code def}. */
    String param(String name, String def) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? def : values.get(0);
    }

    // ------------------------------------------------------------------ timers

    /** Runs {@code task} later on the event loop, unless the exchange has finished by then. */
    void schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> f = ctx.executor().schedule(() -> {
            if (!finished && ctx.channel().isActive()) {
                runGuarded(task);
            }
        }, delay, unit);
        timers.add(f);
    }

    void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            owner.failed(this, t);
        }
    }

    // ------------------------------------------------------------------ responses

    FullHttpResponse newResponse(HttpResponseStatus status, ByteBuf content, CharSequence contentType) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        return r;
    }

    FullHttpResponse jsonResponse(HttpResponseStatus status, Object json) {
        byte[] bytes;
        try {
            bytes = server.json().writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes, new byte[] {'\n'});
        return newResponse(status, buf, HttpHeaderValues.APPLICATION_JSON);
    }

    void sendJson(Object json) {
        send(jsonResponse(HttpResponseStatus.OK, json));
    }

    void sendText(HttpResponseStatus status, String text) {
        send(newResponse(status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), "text/plain; charset=utf-8"));
    }

    void sendEmpty(HttpResponseStatus status) {
        send(newResponse(status, Unpooled.EMPTY_BUFFER, null));
    }

    /** Sends a complete response; the exchange completes when it is written. */
    void send(FullHttpResponse response) {
        if (finished || responseStarted) {
            response.release();
            return;
        }
        prepare(response, response.content().readableBytes());
        responseStarted = true;
        if (headRequest) {
            HttpResponse headOnly = new DefaultHttpResponse(response.protocolVersion(), response.status(),
                    response.headers());
            response.release();
            ctx.write(headOnly);
            writeLast(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            writeLast(response);
        }
    }

    /**
     * Writes a response head (not flushed). Without Content-Length the body is chunked for HTTP/1.1 clients and
     * delimited by connection close for HTTP/1.0 clients.
     */
    void writeHead(HttpResponse head) {
        prepare(head, -1);
        responseStarted = true;
        ctx.write(head);
    }

    ChannelFuture writeContent(ByteBuf content) {
        return ctx.write(new DefaultHttpContent(content));
    }

    /** Writes and flushes the last message; the exchange completes when it has been written. */
    void writeLast(Object last) {
        ctx.writeAndFlush(last).addListener(f -> complete());
    }

    /** Writes {@code head}, then the chunks of {@code src} as the channel's writability allows, then the end. */
    void stream(HttpResponse head, ChunkSource src) {
        writeHead(head);
        if (headRequest) {
            writeLast(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        this.source = src;
        this.onWritable = this::pump;
        pump();
    }

    /** Called by the connection handler when the channel becomes writable again. */
    void writabilityChanged() {
        if (onWritable != null && ctx.channel().isWritable() && !finished) {
            onWritable.run();
        }
    }

    /** Sets what to run (on the event loop) when the channel is writable again; null to clear. */
    void onWritable(Runnable r) {
        this.onWritable = r;
    }

    private void pump() {
        if (finished || source == null || !ctx.channel().isActive()) {
            return;
        }
        Channel ch = ctx.channel();
        while (ch.isWritable()) {
            ByteBuf next = source.next(ctx.alloc());
            if (next == null) {
                source = null;
                onWritable = null;
                writeLast(LastHttpContent.EMPTY_LAST_CONTENT);
                return;
            }
            ctx.write(new DefaultHttpContent(next));
        }
        ctx.flush();
        if (ch.isWritable()) {
            // the peer keeps up: go on, but give other channels on this event loop their turn first
            ctx.executor().execute(() -> runGuarded(this::pump));
        }
        // otherwise channelWritabilityChanged resumes us
    }

    private void prepare(HttpResponse r, long contentLength) {
        r.headers().set(CONNECTION_HEADER, connectionId);
        int code = r.status().code();
        boolean bodyless = code < 200 || code == 204 || code == 304;
        if (!bodyless && !HttpUtil.isContentLengthSet(r) && !HttpUtil.isTransferEncodingChunked(r)) {
            if (contentLength >= 0) {
                HttpUtil.setContentLength(r, contentLength);
            } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                keepAlive = false; // body ends with the connection
            } else {
                HttpUtil.setTransferEncodingChunked(r, true);
            }
        }
        if (r.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
            keepAlive = false;
        }
        HttpUtil.setKeepAlive(r.headers(), request.protocolVersion(), keepAlive);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Last response byte written (or the write failed): leave in-flight, then keep the connection or close it. */
    void complete() {
        if (!release()) {
            return;
        }
        if (!requestComplete && ctx.channel().isActive() && ctx.channel() instanceof SocketChannel socket
                && ctx.pipeline().get(TestServer.TLS_HANDLER) == null) {
            // answered before the request body was read (e.g. 413): a lingering close lets the client read the
            // response instead of getting a reset for the unread body; the rest of the body is discarded
            socket.shutdownOutput();
            ctx.executor().schedule(() -> ctx.close(), 2, TimeUnit.SECONDS);
        } else if (!keepAlive || !requestComplete || !ctx.channel().isActive()) {
            ctx.close();
        } else {
            owner.exchangeDone(this);
        }
    }

    /** The connection closed before the response was complete. */
    void abort() {
        release();
    }

    /** Leaves the in-flight count without closing anything (the caller closes the connection). */
    boolean release() {
        if (finished) {
            return false;
        }
        finished = true;
        for (ScheduledFuture<?> t : timers) {
            t.cancel(false);
        }
        timers.clear();
        source = null;
        onWritable = null;
        ReferenceCountUtil.safeRelease(body);
        body = Unpooled.EMPTY_BUFFER;
        server.stats().requestFinished();
        return true;
    }
}
