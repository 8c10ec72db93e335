package dev.salvo.spi;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A streamed response body that the stack pushes in chunks ({@code B}: a buffer of its own kind)
 * and the reader drains, blocking: the one such stream of every transport whose stack delivers
 * the body rather than being read from.
 *
 * <p><b>Back-pressure</b>: the stack delivers only when asked ({@link Feed#demand}), at most one
 * demand outstanding, and is asked again only while fewer than the read-ahead bytes wait here;
 * the rest of an unread body stays in the socket. The stack calls {@link #delivered()} when it has
 * answered a demand. A demand is outstanding from the start (the stack is delivering the head's
 * part of the body).
 *
 * <p><b>Read timeout</b>: a {@code read} that waits longer than the read timeout for the next
 * byte fails with {@link BodyStream#readTimeout} ({@link ErrorType#READ_TIMEOUT}) and
 * {@link Feed#abort aborts} the exchange; time the caller spends not reading does not count.
 * Closing before the end aborts it with {@link BodyStream#closedEarly}.
 *
 * <p><b>Threads</b>: the stack's side ({@link #offer}, {@link #delivered}, {@link #end},
 * {@link #fail}) never blocks or locks: the queue is lock-free and the reader parks. Chunks are
 * released by the thread that takes them out of the queue: the reader, or, once the stream is
 * closed, whoever drains it; a failure never releases what the reader may be copying, and lets the
 * reader take the bytes already here first. Like any InputStream, one reader at a time.
 */
public final class QueuedBodyStream<B> extends BodyStream {
    /** What the stream needs of the stack and its chunks. */
    public interface Feed<B> {
        /** Bytes left in {@code chunk}. */
        int remaining(B chunk);

        /** Moves {@code n} bytes out of {@code chunk} into {@code dst} at {@code off}. */
        void take(B chunk, byte[] dst, int off, int n);

        /** The stream is done with {@code chunk} (read or dropped). */
        default void release(B chunk) {
        }

        /** Deliver more; from any thread, never while a demand is outstanding. */
        void demand();

        /** The reader gave up (a read timeout) or closed early: end the exchange with {@code reason} and close the connection. */
        void abort(SalvoException reason);
    }

    private final Feed<B> feed;
    private final long readTimeoutNanos;
    private final long readAhead;
    private final ConcurrentLinkedQueue<B> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean demanded = new AtomicBoolean(true);
    private volatile Thread reader;

    /**
     * @param readTimeoutNanos the longest wait for the next byte; 0 or less for none
     * @param readAhead        demand more only while fewer bytes than this wait here (1: only when empty)
     */
    public QueuedBodyStream(TransportRequest request, long readTimeoutNanos, long readAhead, Feed<B> feed) {
        super(request);
        if (readAhead < 1) {
            throw new IllegalArgumentException("readAhead must be at least 1: " + readAhead);
        }
        this.feed = Objects.requireNonNull(feed, "feed");
        this.readTimeoutNanos = readTimeoutNanos;
        this.readAhead = readAhead;
    }

    // ---- the stack's side

    /** A chunk of the body, owned by this stream from now on; an empty one is released at once. */
    public void offer(B chunk) {
        if (failure() != null || feed.remaining(chunk) == 0) {
            feed.release(chunk);
            return;
        }
        queued.addAndGet(feed.remaining(chunk));
        queue.offer(chunk);
        if (isClosed()) {
            drain(); // the reader is gone, and close() may have drained before this chunk came
        }
        wake();
    }

    /** The stack has answered the last demand: asks again if little waits here. */
    public void delivered() {
        demanded.set(false);
        demandIfLow();
    }

    /** The body is complete. */
    public void end() {
        markEnded();
        wake();
    }

    /** Bytes received and not yet read. */
    public long buffered() {
        return queued.get();
    }

    @Override
    protected void onFail() {
        wake();
    }

    // ---- the reader's side

    @Override
    protected int readBody(byte[] b, int off, int len) throws IOException {
        long deadline = 0;
        while (true) {
            if (isClosed()) {
                throw new IOException("stream closed");
            }
            boolean endSeen = hasEnded(); // read before the queue: chunks offered before the end are there
            B head = queue.peek();
            if (head != null) {
                int n = Math.min(len, feed.remaining(head));
                feed.take(head, b, off, n);
                if (feed.remaining(head) == 0 && queue.poll() == head) {
                    feed.release(head);
                }
                queued.addAndGet(-n);
                demandIfLow();
                return n;
            }
            SalvoException e = failure();
            if (e != null) {
                throw thrown(e);
            }
            if (endSeen) {
                return -1;
            }
            demandIfLow();
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the response body");
            }
            long now = System.nanoTime();
            if (readTimeoutNanos > 0 && deadline == 0) {
                deadline = now + readTimeoutNanos;
            } else if (readTimeoutNanos > 0 && now - deadline >= 0) {
                SalvoException timeout = readTimeout(request, readTimeoutNanos);
                fail(timeout);
                feed.abort(timeout);
                throw thrown(timeout);
            }
            reader = Thread.currentThread();
            if (queue.isEmpty() && !hasEnded() && failure() == null && !isClosed()) {
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
    protected void onClose(boolean early) {
        drain();
        wake();
        if (early) {
            feed.abort(closedEarly(request));
        }
    }

    private void demandIfLow() {
        if (!hasEnded() && failure() == null && !isClosed() && queued.get() < readAhead
                && demanded.compareAndSet(false, true)) {
            feed.demand();
        }
    }

    private void drain() {
        B chunk;
        while ((chunk = queue.poll()) != null) {
            queued.addAndGet(-feed.remaining(chunk));
            feed.release(chunk);
        }
    }

    private void wake() {
        Thread t = reader;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
