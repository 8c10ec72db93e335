package dev.salvo.transport.netty;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A response body delivered as a live {@link InputStream}, read from the socket only as the reader
 * drains it.
 *
 * <p>Back-pressure: the channel's auto-read is off; the event loop queues what one socket read
 * brings and reads again only while less than {@value #READ_AHEAD} bytes wait here, and the reader
 * asks for the next read when it drains below that. At most one read is outstanding. The rest of an
 * unread body stays in the socket (and then in the server).
 *
 * <p>The event loop never blocks or locks here: the queue is lock-free and the reader parks. A
 * {@code read} that waits longer than the read timeout for the next byte fails with an
 * {@link IOException} whose cause is a {@link SalvoException} of type {@link ErrorType#READ_TIMEOUT}
 * (time the caller spends not reading is not counted), and aborts the exchange; every other failure
 * is thrown the same way, with its own type. Closing before the end closes the connection;
 * reading to the end has already given it back to the pool.
 */
final class StreamingBody extends InputStream {
    static final int READ_AHEAD = 256 * 1024;

    private final Exchange exchange;
    private final Channel channel;
    private final long readTimeoutNanos;
    private final ConcurrentLinkedQueue<ByteBuf> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean readPending = new AtomicBoolean();
    private final Runnable readOne;
    private volatile boolean ended;
    private volatile SalvoException error;
    private volatile boolean closed;
    private volatile Thread reader;

    StreamingBody(Exchange exchange, Channel channel, long readTimeoutNanos) {
        this.exchange = exchange;
        this.channel = channel;
        this.readTimeoutNanos = readTimeoutNanos;
        this.readOne = channel::read;
    }

    // ------------------------------------------------------------------ event-loop side

    /** A piece of the body; this stream owns (and releases) it from now on. */
    void offer(ByteBuf piece) {
        queued.addAndGet(piece.readableBytes());
        queue.offer(piece);
        if (closed) {
            drain();
        }
        wake();
    }

    void end() {
        ended = true;
        wake();
    }

    void fail(SalvoException e) {
        if (!ended && error == null) {
            error = e;
            wake();
        }
    }

    /** A socket read finished: read again while little waits here. */
    void readComplete() {
        readPending.set(false);
        if (!ended && error == null && !closed && queued.get() < READ_AHEAD && readPending.compareAndSet(false, true)) {
            channel.read();
        }
    }

    /** Bytes received and not yet read by the reader. */
    long buffered() {
        return queued.get();
    }

    // ------------------------------------------------------------------ reader side

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long deadline = 0;
        while (true) {
            if (closed) {
                throw new IOException("stream closed");
            }
            boolean endSeen = ended;
            ByteBuf head = queue.peek();
            if (head != null) {
                int n = Math.min(len, head.readableBytes());
                head.readBytes(b, off, n);
                if (!head.isReadable() && queue.poll() == head) {
                    head.release();
                }
                queued.addAndGet(-n);
                demand();
                return n;
            }
            SalvoException e = error;
            if (e != null) {
                throw new IOException(e.getMessage(), e);
            }
            if (endSeen) {
                return -1;
            }
            demand();
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while reading the response body");
            }
            long now = System.nanoTime();
            if (readTimeoutNanos > 0 && deadline == 0) {
                deadline = now + readTimeoutNanos;
            } else if (readTimeoutNanos > 0 && now - deadline >= 0) {
                SalvoException timeout = new SalvoException(ErrorType.READ_TIMEOUT, "no byte of the response body for "
                        + readTimeoutNanos / 1_000_000 + " ms, the read timeout (" + exchange.request + ")");
                error = timeout;
                exchange.failFromReader(timeout);
                throw new IOException(timeout.getMessage(), timeout);
            }
            reader = Thread.currentThread();
            if (queue.isEmpty() && !ended && error == null && !closed) {
                if (readTimeoutNanos > 0) {
                    LockSupport.parkNanos(this, deadline - now);
                } else {
                    LockSupport.park(this);
                }
            }
            reader = null;
        }
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, queued.get()));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        drain();
        if (!ended && error == null) {
            try {
                channel.eventLoop().execute(exchange::streamClosedEarly);
            } catch (RejectedExecutionException closing) {
                channel.close();
            }
        }
    }

    private void demand() {
        if (!ended && error == null && queued.get() < READ_AHEAD && readPending.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(readOne);
            } catch (RejectedExecutionException closing) {
                readPending.set(false);
            }
        }
    }

    private void drain() {
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            queued.addAndGet(-b.readableBytes());
            b.release();
        }
    }

    private void wake() {
        Thread t = reader;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
