package dev.salvo.transport.jdk;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A response body delivered as a live {@link InputStream}.
 *
 * <p>Back-pressure: one batch of buffers is asked for at a time, and the next only when the reader
 * has used up the last, so an unread body holds at most one batch here and the rest waits in the
 * socket.
 *
 * <p>Read timeout: a {@code read} that waits longer than the read timeout for the next byte fails
 * with an {@link IOException} whose cause is a {@link SalvoException} of type
 * {@link ErrorType#READ_TIMEOUT}, and aborts the exchange. Time the caller spends not reading is not
 * counted. Every other failure is thrown the same way, with its own type.
 *
 * <p>Closing before the end cancels the subscription, and the JDK client closes the connection;
 * reading to the end lets the client return the connection to its pool.
 */
final class StreamingSubscriber implements BodySubscriber<Void> {
    private final JdkExchange exchange;
    private final long readTimeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final Stream stream = new Stream();

    // all guarded by lock
    private Flow.Subscription subscription;
    private boolean demanded;
    private boolean complete;
    private boolean closed;
    private SalvoException error;

    StreamingSubscriber(JdkExchange exchange, long readTimeoutNanos) {
        this.exchange = exchange;
        this.readTimeoutNanos = readTimeoutNanos;
    }

    InputStream stream() {
        return stream;
    }

    /** Closes the stream as its reader would. */
    void close() {
        stream.close();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean cancel;
        lock.lock();
        try {
            cancel = closed || error != null || subscription != null;
            if (!cancel) {
                subscription = s;
                demanded = true;
            }
        } finally {
            lock.unlock();
        }
        if (cancel) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        lock.lock();
        try {
            demanded = false;
            if (closed || error != null) {
                return;
            }
            for (ByteBuffer b : items) {
                if (b.hasRemaining()) {
                    queue.add(b);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        requestMoreIfDrained();
    }

    @Override
    public void onError(Throwable throwable) {
        exchange.fail(throwable); // comes back through fail(SalvoException)
    }

    @Override
    public void onComplete() {
        lock.lock();
        try {
            complete = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        exchange.streamEnded();
    }

    @Override
    public CompletionStage<Void> getBody() {
        return CompletableFuture.completedFuture(null);
    }

    /** Fails the stream (reads then throw) and cancels the subscription; no-op once it ended. */
    void fail(SalvoException e) {
        Flow.Subscription s;
        lock.lock();
        try {
            if (complete || error != null || closed) {
                return;
            }
            error = e;
            queue.clear();
            s = subscription;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.cancel();
        }
    }

    /** Asks for the next batch when the queue is empty and nothing is asked for. */
    private void requestMoreIfDrained() {
        Flow.Subscription s = null;
        lock.lock();
        try {
            if (queue.isEmpty() && !demanded && !complete && !closed && error == null && subscription != null) {
                demanded = true;
                s = subscription;
            }
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.request(1);
        }
    }

    private final class Stream extends InputStream {
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
            int n = 0;
            boolean timedOut = false;
            lock.lock();
            try {
                long remaining = readTimeoutNanos;
                while (true) {
                    if (closed) {
                        throw new IOException("stream closed");
                    }
                    ByteBuffer head = queue.peek();
                    if (head != null) {
                        n = Math.min(len, head.remaining());
                        head.get(b, off, n);
                        if (!head.hasRemaining()) {
                            queue.poll();
                        }
                        break;
                    }
                    if (error != null) {
                        throw new IOException(error.getMessage(), error);
                    }
                    if (complete) {
                        return -1;
                    }
                    if (readTimeoutNanos <= 0) {
                        changed.await();
                    } else if (remaining <= 0) {
                        timedOut = true;
                        break;
                    } else {
                        remaining = changed.awaitNanos(remaining);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the response body");
            } finally {
                lock.unlock();
            }
            if (timedOut) {
                SalvoException timeout = new SalvoException(ErrorType.READ_TIMEOUT, "no byte of the response body for "
                        + readTimeoutNanos / 1_000_000 + " ms, the read timeout (" + exchange.request() + ")");
                exchange.fail(timeout);
                throw new IOException(timeout.getMessage(), timeout);
            }
            requestMoreIfDrained();
            return n;
        }

        @Override
        public int available() {
            lock.lock();
            try {
                long sum = 0;
                for (ByteBuffer buf : queue) {
                    sum += buf.remaining();
                }
                return (int) Math.min(Integer.MAX_VALUE, sum);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            boolean ended;
            Flow.Subscription s;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                ended = complete || error != null;
                queue.clear();
                s = subscription;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (!ended) {
                if (s != null) {
                    s.cancel();
                }
                exchange.streamClosedEarly();
            }
        }
    }
}
