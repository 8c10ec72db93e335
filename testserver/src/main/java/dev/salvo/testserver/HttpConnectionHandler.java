package dev.salvo.testserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-connection HTTP/1.x state machine on top of {@code HttpServerCodec}: one exchange at a time (pipelined
 * requests wait their turn), request bodies aggregated up to 64 MiB or streamed into a digest, then dispatched to
 * {@link Endpoints}.
 */
final class HttpConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnectionHandler.class);
    static final String DIGEST_PATH = "/salvo/digest";
    private static final int MAX_PENDING = 1024;

    private enum BodyMode { AGGREGATE, DIGEST, DISCARD }

    private final ServerContext server;
    private final String scheme;
    private final long connectionId;

    /** Messages of pipelined requests that arrived while an exchange was still being answered. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private Exchange current;
    private BodyMode mode = BodyMode.DISCARD;
    private CompositeByteBuf aggregated;
    private MessageDigest digest;
    private long digestLength;
    private ChannelHandlerContext ctx;

    HttpConnectionHandler(ServerContext server, String scheme, long connectionId) {
        this.server = server;
        this.scheme = scheme;
        this.connectionId = connectionId;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!pending.isEmpty() || (current != null && current.requestComplete)) {
            // the next request of a pipelining client: answer it after the current one
            pending.add(msg);
            if (pending.size() >= MAX_PENDING) {
                // stop reading until the backlog is answered (we then notice a closing client a bit later)
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        handle(msg);
    }

    private void handle(Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                onHead(req);
            }
            if (msg instanceof HttpContent content) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(HttpRequest req) {
        if (current != null && !current.isFinished()) {
            // cannot happen with HttpServerCodec (a head only follows the previous LastHttpContent)
            current.release();
        }
        Exchange ex = new Exchange(this, ctx, req, server, scheme, connectionId);
        current = ex;
        releaseAggregate();
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            mode = BodyMode.DISCARD;
            ex.keepAlive = false;
            ex.requestComplete = true;
            HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
            if (result.cause() instanceof TooLongHttpLineException) {
                status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            } else if (result.cause() instanceof TooLongHttpHeaderException) {
                status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            } else if (result.cause() instanceof TooLongFrameException) {
                status = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            }
            ex.sendText(status, "bad request: " + result.cause() + "\n");
            return;
        }
        if (DIGEST_PATH.equals(new QueryStringDecoder(Exchange.originForm(req.uri())).path())) {
            mode = BodyMode.DIGEST;
            digestLength = 0;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        } else {
            long length = HttpUtil.getContentLength(req, -1L);
            if (length > ServerContext.MAX_AGGREGATED_BODY) {
                tooLarge(ex);
                return;
            }
            mode = BodyMode.AGGREGATE;
            aggregated = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        }
        if (HttpUtil.is100ContinueExpected(req)) {
            FullHttpResponse cont = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE);
            cont.headers().set(Exchange.CONNECTION_HEADER, connectionId);
            ctx.writeAndFlush(cont);
        }
    }

    private void tooLarge(Exchange ex) {
        mode = BodyMode.DISCARD;
        releaseAggregate();
        ex.keepAlive = false;
        ex.sendText(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body larger than " + ServerContext.MAX_AGGREGATED_BODY + " bytes\n");
    }

    private void onContent(HttpContent content) {
        Exchange ex = current;
        if (ex == null || ex.requestComplete) {
            return; // leftovers of a request that was already answered
        }
        if (content.decoderResult().isFailure()) {
            mode = BodyMode.DISCARD;
            releaseAggregate();
            ex.keepAlive = false;
            ex.requestComplete = true;
            ex.sendText(HttpResponseStatus.BAD_REQUEST, "malformed request body: " + content.decoderResult().cause()
                    + "\n");
            return;
        }
        ByteBuf data = content.content();
        switch (mode) {
            case AGGREGATE -> {
                if ((long) aggregated.readableBytes() + data.readableBytes() > ServerContext.MAX_AGGREGATED_BODY) {
                    tooLarge(ex);
                    return;
                }
                if (data.isReadable()) {
                    aggregated.addComponent(true, data.retain());
                }
            }
            case DIGEST -> {
                digestLength += data.readableBytes();
                for (ByteBuffer b : data.nioBuffers()) {
                    digest.update(b);
                }
            }
            case DISCARD -> {
                // ignore
            }
        }
        if (content instanceof LastHttpContent) {
            ex.requestComplete = true;
            switch (mode) {
                case AGGREGATE -> {
                    ex.body = aggregated;
                    aggregated = null;
                    dispatch(ex);
                }
                case DIGEST -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("length", digestLength);
                    json.put("sha256", HexFormat.of().formatHex(digest.digest()));
                    json.put("chunked", HttpUtil.isTransferEncodingChunked(ex.request));
                    digest = null;
                    ex.sendJson(json);
                }
                case DISCARD -> {
                    // the response was already sent; the connection closes after it
                    if (ex.isFinished()) {
                        ctx.close();
                    }
                }
            }
        }
    }

    private void dispatch(Exchange ex) {
        ex.runGuarded(() -> Endpoints.handle(ex));
    }

    /** An endpoint threw: answer 500 if nothing was sent yet, else drop the connection. */
    void failed(Exchange ex, Throwable t) {
        LOG.warn("endpoint {} failed", ex.request.uri(), t);
        if (!ex.isFinished() && !ex.responseStarted()) {
            ex.keepAlive = false;
            ex.sendText(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + t + "\n");
        } else {
            ctx.close();
        }
    }

    /** The exchange's response was written and the connection stays open: start on the next request. */
    void exchangeDone(Exchange ex) {
        if (current == ex) {
            current = null;
            mode = BodyMode.DISCARD;
        }
        if (!pending.isEmpty()) {
            ctx.executor().execute(this::drain);
        }
    }

    private void drain() {
        while (!pending.isEmpty() && (current == null || !current.requestComplete) && ctx.channel().isActive()) {
            handle(pending.poll());
        }
        if (pending.size() < MAX_PENDING && ctx.channel().isActive() && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            Exchange ex = current;
            ex.runGuarded(ex::writabilityChanged);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            current.abort();
            current = null;
        }
        releaseAggregate();
        Object msg;
        while ((msg = pending.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing {} after error: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    private void releaseAggregate() {
        if (aggregated != null) {
            aggregated.release();
            aggregated = null;
        }
    }
}
