package dev.salvo.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One pooled connection, and the last handler of its pipeline: it hands every event to the
 * {@link Exchange} that holds the connection, if any. Its {@link #reads} handler, first in the
 * pipeline, tells that exchange of every read of the socket, before the codec has a whole message.
 *
 * <p>Data arriving while no exchange holds the connection (an idle connection the server wrote to)
 * means the connection is out of step: it is released and closed. The connection's slot in the
 * pool is freed exactly once, when its channel closes ({@link HostPool#closed}).
 */
final class Connection extends ChannelInboundHandlerAdapter {
    final HostPool host;
    private final AtomicBoolean slotFreed = new AtomicBoolean();
    private volatile Channel channel;
    /** When it last went idle in the pool (System.nanoTime). */
    volatile long idleSince;
    /** The exchange holding this connection; touched only on the channel's event loop. */
    private Exchange exchange;
    /**
     * First in the pipeline: any bytes read are activity for the read timeout, so a head arriving a
     * byte at a time is not mistaken for silence while the codec waits for its end.
     */
    final ChannelInboundHandlerAdapter reads = new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Exchange ex = exchange;
            if (ex != null) {
                ex.touch();
            }
            ctx.fireChannelRead(msg);
        }
    };

    Connection(HostPool host) {
        this.host = host;
    }

    void bind(Channel ch) {
        this.channel = ch;
        ch.closeFuture().addListener(f -> host.closed(this));
    }

    Channel channel() {
        return channel;
    }

    boolean isActive() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** True the first time only: the slot this connection held is to be freed now. */
    boolean freeSlot() {
        return slotFreed.compareAndSet(false, true);
    }

    void attach(Exchange ex) {
        exchange = ex;
    }

    void detach(Exchange ex) {
        if (exchange == ex) {
            exchange = null;
        }
    }

    void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange ex = exchange;
        if (ex != null) {
            ex.onMessage(msg);
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null) {
            ex.onReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null) {
            ex.onInactive();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange ex = exchange;
        if (ex != null) {
            ex.onError(cause);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null && ctx.channel().isWritable()) {
            ex.onWritable();
        }
    }

    @Override
    public String toString() {
        return "Connection[" + channel + "]";
    }
}
