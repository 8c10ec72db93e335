package dev.salvo.transport.jdk;

import dev.salvo.SalvoException;
import dev.salvo.spi.QueuedBodyStream;
import java.io.InputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body delivered as a live {@link InputStream}: the JDK client's buffers go into a
 * {@link QueuedBodyStream}, which times the reads and throws the exchange's failures.
 *
 * <p>Back-pressure: one batch of buffers is asked for at a time, and the next only when the reader
 * has used up the last, so an unread body holds at most one batch here and the rest waits in the
 * socket.
 *
 * <p>Closing before the end, a read timeout, or the exchange failing cancels the subscription, and
 * the JDK client closes the connection; reading to the end lets the client return the connection
 * to its pool.
 */
final class StreamingSubscriber implements BodySubscriber<Void>, QueuedBodyStream.Feed<ByteBuffer> {
    private final JdkExchange exchange;
    private final QueuedBodyStream<ByteBuffer> stream;

    // guarded by this
    private Flow.Subscription subscription;
    /** Cancelled: a subscription arriving now is cancelled at once. */
    private boolean stopped;

    StreamingSubscriber(JdkExchange exchange, long readTimeoutNanos) {
        this.exchange = exchange;
        this.stream = new QueuedBodyStream<>(exchange.request(), readTimeoutNanos, 1, this);
    }

    InputStream stream() {
        return stream;
    }

    /** Closes the stream as its reader would. */
    void close() {
        stream.close();
    }

    /** The exchange failed: reads throw {@code e}, and the subscription is cancelled. */
    void fail(SalvoException e) {
        stream.fail(e);
        cancel();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean cancel;
        synchronized (this) {
            cancel = stopped || subscription != null;
            if (!cancel) {
                subscription = s;
            }
        }
        if (cancel) {
            s.cancel();
        } else {
            s.request(1); // the demand the stream starts with
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            stream.offer(b);
        }
        stream.delivered();
    }

    @Override
    public void onError(Throwable throwable) {
        exchange.fail(throwable); // comes back through fail(SalvoException)
    }

    @Override
    public void onComplete() {
        stream.end();
        exchange.streamEnded();
    }

    @Override
    public CompletionStage<Void> getBody() {
        return CompletableFuture.completedFuture(null);
    }

    // ---- the stream's feed

    @Override
    public int remaining(ByteBuffer chunk) {
        return chunk.remaining();
    }

    @Override
    public void take(ByteBuffer chunk, byte[] dst, int off, int n) {
        chunk.get(dst, off, n);
    }

    @Override
    public void demand() {
        Flow.Subscription s;
        synchronized (this) {
            s = stopped ? null : subscription;
        }
        if (s != null) {
            s.request(1);
        }
    }

    @Override
    public void abort(SalvoException reason) {
        cancel();
        exchange.fail(reason);
    }

    private void cancel() {
        Flow.Subscription s;
        synchronized (this) {
            stopped = true;
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
    }
}
