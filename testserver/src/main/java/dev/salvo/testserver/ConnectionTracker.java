package dev.salvo.testserver;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** First handler of every accepted channel: counts connections and remembers open channels. */
@ChannelHandler.Sharable
final class ConnectionTracker extends ChannelInboundHandlerAdapter {

    private final ServerContext server;

    ConnectionTracker(ServerContext server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        server.stats().connectionOpened();
        server.channels().add(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        server.channels().remove(ctx.channel());
        server.stats().connectionClosed();
        super.channelInactive(ctx);
    }
}
