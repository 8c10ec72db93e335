package dev.salvo.transport.netty;

import dev.salvo.Body;
import dev.salvo.spi.RequestBodyStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends a request body read from an {@link InputStream} (a stream body, multipart, a file over TLS),
 * never loading it whole.
 *
 * <p>The stream is user code that may block, so it is opened and read on the transport's body
 * threads, never on the event loop (which serves every other connection). Each piece read (up to
 * 64 KiB, into a pooled buffer) is written straight away; while the channel is writable the
 * pump keeps reading, and when it is not the pump returns its thread and the event loop resumes it
 * once the channel drains ({@link #resume}). So at most the channel's high-water mark is buffered.
 *
 * <p>A body that cannot be opened or read, or whose length differs from the declared one, fails the
 * exchange with {@code REQUEST_BODY}. {@link #stop} (the exchange ended) makes the pump close the
 * stream and stop, on its own thread.
 */
final class StreamPump implements Runnable {
    static final int PIECE = 64 * 1024;

    private final Exchange exchange;
    private final Channel channel;
    private final Body body;
    private final long declared;
    private final Executor threads;
    private final AtomicBoolean parked = new AtomicBoolean();
    private final ChannelFutureListener progress;
    private volatile boolean stopped;
    private InputStream in;

    StreamPump(Exchange exchange, Channel channel, Body body, long declared, Executor threads) {
        this.exchange = exchange;
        this.channel = channel;
        this.body = body;
        this.declared = declared;
        this.threads = threads;
        this.progress = f -> {
            if (f.isSuccess()) {
                exchange.touch();
            }
        };
    }

    void start() {
        parked.set(true);
        resume();
    }

    /** Runs the pump again if it is parked (waiting for writability or not started); on the event loop. */
    void resume() {
        if (parked.compareAndSet(true, false)) {
            try {
                threads.execute(this);
            } catch (RejectedExecutionException closing) {
                stopped = true;
                closeStream();
            }
        }
    }

    /** The exchange ended: close the stream and stop. */
    void stop() {
        stopped = true;
        resume();
    }

    @Override
    public void run() {
        try {
            if (in == null && !stopped) {
                in = RequestBodyStream.open(body, declared, RequestBodyStream::asIOException);
            }
            while (!stopped) {
                ByteBuf piece = channel.alloc().ioBuffer(PIECE);
                int n;
                try {
                    n = piece.writeBytes(in, PIECE);
                } catch (IOException | RuntimeException e) {
                    piece.release();
                    throw e;
                }
                if (n < 0) {
                    piece.release();
                    finish();
                    return;
                }
                if (n == 0) {
                    piece.release();
                    continue;
                }
                channel.writeAndFlush(new DefaultHttpContent(piece)).addListener(progress);
                if (!channel.isWritable()) {
                    channel.eventLoop().execute(this::parkUntilWritable);
                    return;
                }
            }
            closeStream();
        } catch (IOException | RuntimeException e) {
            closeStream();
            if (!stopped) {
                channel.eventLoop().execute(() -> exchange.requestBodyFailed(e));
            }
        }
    }

    private void finish() {
        closeStream();
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(exchange);
    }

    /** On the event loop: wait for writability (or the end), then go on. */
    private void parkUntilWritable() {
        parked.set(true);
        if (channel.isWritable() || stopped || !channel.isActive()) {
            resume();
        }
    }

    private void closeStream() {
        InputStream s = in;
        in = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException | RuntimeException ignored) {
                // the body was sent or abandoned; a failing close changes nothing
            }
        }
    }
}
