package dev.salvo.transport.netty;

import dev.salvo.SalvoException;
import dev.salvo.spi.QueuedBodyStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.RejectedExecutionException;

/**
 * Netty's side of a streamed response body ({@link QueuedBodyStream}): the body's {@link ByteBuf}s
 * go into the stream as the codec hands them over, and the socket is read only on demand.
 *
 * <p>The channel's auto-read is off; the stream asks for one socket read at a time while less than
 * {@value #READ_AHEAD} bytes wait in it, and {@link Exchange#onReadComplete} tells it when a read
 * is done. The rest of an unread body stays in the socket (and then in the server). A demand made
 * on the event loop reads at once; from the reader's thread it is handed to the event loop.
 * Closing before the end, or a read timeout, fails the exchange on the event loop, which closes the
 * connection; reading to the end has already given it back to the pool.
 */
final class StreamingBody implements QueuedBodyStream.Feed<ByteBuf>, Runnable {
    static final int READ_AHEAD = 256 * 1024;

    private final Exchange exchange;
    private final Channel channel;

    private StreamingBody(Exchange exchange, Channel channel) {
        this.exchange = exchange;
        this.channel = channel;
    }

    /** The stream of {@code exchange}'s body on {@code channel}, whose auto-read is off. */
    static QueuedBodyStream<ByteBuf> open(Exchange exchange, Channel channel, long readTimeoutNanos) {
        return new QueuedBodyStream<>(exchange.request, readTimeoutNanos, READ_AHEAD, new StreamingBody(exchange, channel));
    }

    @Override
    public int remaining(ByteBuf chunk) {
        return chunk.readableBytes();
    }

    @Override
    public void take(ByteBuf chunk, byte[] dst, int off, int n) {
        chunk.readBytes(dst, off, n);
    }

    @Override
    public void release(ByteBuf chunk) {
        chunk.release();
    }

    @Override
    public void demand() {
        if (channel.eventLoop().inEventLoop()) {
            channel.read();
            return;
        }
        try {
            channel.eventLoop().execute(this);
        } catch (RejectedExecutionException closing) {
            // the transport is closing: the exchange fails with it
        }
    }

    /** One read of the socket, on the event loop (the task {@link #demand} hands over). */
    @Override
    public void run() {
        channel.read();
    }

    @Override
    public void abort(SalvoException reason) {
        exchange.failFromReader(reason);
    }
}
