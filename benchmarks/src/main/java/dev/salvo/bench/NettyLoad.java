package dev.salvo.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The smallest fair Netty HTTP/1.1 client: {@code concurrency} keep-alive connections, each
 * sending its next GET as soon as the previous response is whole (epoll when available, one event
 * loop per core, as transport-netty sets up). Connections are kept between runs.
 */
final class NettyLoad implements Load {
    private static final int MAX_BODY = 64 << 20;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final List<Channel> channels = new ArrayList<>();
    private volatile Run current;

    NettyLoad() {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), new Handler());
                    }
                });
    }

    /** One run's shared state: requests left to start, and the latch of those not yet ended. */
    private static final class Run {
        final URI uri;
        final Tally tally;
        final AtomicLong left;
        final CountDownLatch done;

        Run(URI uri, long n, Tally tally) {
            this.uri = uri;
            this.tally = tally;
            this.left = new AtomicLong(n);
            this.done = new CountDownLatch((int) n);
        }
    }

    @Override
    public void run(URI uri, long n, int concurrency, Tally tally) throws InterruptedException {
        Run run = new Run(uri, n, tally);
        current = run;
        channels.removeIf(ch -> !ch.isActive());
        while (channels.size() < concurrency) {
            channels.add(bootstrap.connect(uri.getHost(), uri.getPort()).sync().channel());
        }
        for (int i = 0; i < concurrency; i++) {
            Channel ch = channels.get(i);
            ch.eventLoop().execute(() -> sendNext(ch, run));
        }
        run.done.await();
    }

    private static void sendNext(Channel ch, Run run) {
        if (run.left.getAndDecrement() <= 0) {
            return;
        }
        String path = run.uri.getRawPath();
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, run.uri.getHost() + ":" + run.uri.getPort());
        ch.attr(Handler.START).set(System.nanoTime());
        ch.attr(Handler.IN_FLIGHT).set(Boolean.TRUE);
        ch.writeAndFlush(request);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
        static final AttributeKey<Long> START = AttributeKey.valueOf("start");
        static final AttributeKey<Boolean> IN_FLIGHT = AttributeKey.valueOf("inFlight");

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Run run = current;
            long start = ctx.channel().attr(START).get();
            ctx.channel().attr(IN_FLIGHT).set(Boolean.FALSE);
            if (response.status().code() == 200) {
                run.tally.ok(start, response.content().readableBytes());
            } else {
                run.tally.failed();
            }
            run.done.countDown();
            sendNext(ctx.channel(), run);
        }

        /** A connection lost mid-request ends that request as failed, so the run never waits on it. */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Run run = current;
            if (run != null && Boolean.TRUE.equals(ctx.channel().attr(IN_FLIGHT).getAndSet(Boolean.FALSE))) {
                run.tally.failed();
                run.done.countDown();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
