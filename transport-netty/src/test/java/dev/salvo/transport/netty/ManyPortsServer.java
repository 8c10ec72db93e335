package dev.salvo.transport.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server listening on many loopback ports at once, all served by one event-loop
 * thread, so that a test can reach hundreds of distinct origins cheaply: every request gets
 * {@code 200 ok}. It counts the connections open at once over all its ports and their peak; with
 * {@code closeEach} it answers {@code Connection: close} and closes each connection as soon as its
 * response is written.
 */
final class ManyPortsServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Channel> listeners = new ArrayList<>();
    private final boolean closeEach;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();

    private ManyPortsServer(boolean closeEach) {
        this.closeEach = closeEach;
    }

    static ManyPortsServer start(int ports, boolean closeEach) throws InterruptedException {
        ManyPortsServer s = new ManyPortsServer(closeEach);
        ServerBootstrap b = new ServerBootstrap().group(s.group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), s.new Answer());
                    }
                });
        try {
            for (int i = 0; i < ports; i++) {
                s.listeners.add(b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel());
            }
        } catch (InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** {@code http://127.0.0.1:<port>/} of every port. */
    List<URI> urls() {
        List<URI> urls = new ArrayList<>();
        for (Channel l : listeners) {
            urls.add(URI.create("http://127.0.0.1:" + ((InetSocketAddress) l.localAddress()).getPort() + "/"));
        }
        return urls;
    }

    int openConnections() {
        return open.get();
    }

    int peakOpenConnections() {
        return peak.get();
    }

    int connectionsAccepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Answer extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            accepted.incrementAndGet();
            peak.accumulateAndGet(open.incrementAndGet(), Math::max);
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.decrementAndGet();
            ctx.fireChannelInactive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof LastHttpContent)) {
                return;
            }
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 2);
            if (closeEach) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(r);
            }
        }
    }
}
