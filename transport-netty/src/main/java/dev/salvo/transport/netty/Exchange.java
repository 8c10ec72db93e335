package dev.salvo.transport.netty;

import dev.salvo.SalvoException;
import dev.salvo.spi.CappedBody;
import dev.salvo.spi.Failures;
import dev.salvo.spi.QueuedBodyStream;
import dev.salvo.spi.RequestBodyStream;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import dev.salvo.spi.WireRules;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP exchange: waits for a connection, writes the request, reads the response, and gives the
 * connection back. Once it holds a connection, everything runs on that connection's event loop, so
 * its state needs no lock; only {@link #cancelled()} comes from elsewhere and hops onto the loop.
 *
 * <p>The connection goes back to the pool before the future completes, and only when the response
 * was read to its end, the request was written whole, and neither side said {@code Connection: close};
 * on any failure, cancellation or early close it is closed instead. The read timeout is the longest
 * quiet time between bytes (request progress counts too) until the head, and for a buffered body
 * until its end; a streamed body times its reads itself ({@link StreamingBody}).
 */
final class Exchange implements ChannelFutureListener, Runnable {
    final TransportRequest request;
    final HostPool host;
    private final NettyTransport transport;
    private final ExchangeFuture future = new ExchangeFuture(this);
    private final long readTimeoutNanos;

    private volatile io.netty.util.concurrent.ScheduledFuture<?> waitTimer;
    private volatile Connection connection;

    // ---- from here on, touched only on the connection's event loop ----
    private Channel channel;
    private boolean attached;
    private Failures.Phase phase = Failures.Phase.AWAIT_HEAD;
    private boolean reuse = true;
    private boolean requestWritten;
    private boolean informational;
    private long lastActivity;
    private io.netty.util.concurrent.ScheduledFuture<?> readTimer;
    private StreamPump pump;
    private ResponseHead head;
    private CappedBody buffered;
    private QueuedBodyStream<ByteBuf> streaming;
    private TransportResponse streamingHead;

    Exchange(NettyTransport transport, TransportRequest request, HostPool host) {
        this.transport = transport;
        this.request = request;
        this.host = host;
        this.readTimeoutNanos = request.readTimeout().toNanos();
    }

    CompletableFuture<TransportResponse> future() {
        return future;
    }

    boolean isDone() {
        return future.isDone();
    }

    /** The future completed, once: the exchange no longer needs its origin's pool (a connection it still holds has its own reference). */
    void ended() {
        host.leave();
    }

    // ------------------------------------------------------------------ getting a connection

    /** Waits at most the connect timeout in the pool's queue. */
    void startWaiting(EventExecutor timer) {
        try {
            waitTimer = timer.schedule(() -> {
                if (host.removeWaiter(this)) {
                    future.completeExceptionally(NettyFailures.noConnectionFree(request, host));
                }
            }, request.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            failClosed();
        }
    }

    void stopWaiting() {
        io.netty.util.concurrent.ScheduledFuture<?> t = waitTimer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** An open connection from the pool: start on its event loop. */
    void assign(Connection c) {
        connection = c;
        try {
            c.channel().eventLoop().execute(() -> start(c));
        } catch (RejectedExecutionException closing) {
            host.release(c, false);
            failClosed();
        }
    }

    /** The connection opened for this exchange is ready (TLS included); called on its event loop. */
    void connected(Connection c) {
        host.pool.acquired.incrementAndGet();
        connection = c;
        start(c);
    }

    void connectFailed(Throwable cause) {
        future.completeExceptionally(NettyFailures.classify(cause, request, Failures.Phase.CONNECT, transport.isClosed()));
    }

    void failClosed() {
        future.completeExceptionally(NettyFailures.closed(request, Failures.Phase.CONNECT, true));
    }

    private void start(Connection c) {
        if (future.isDone()) {
            host.release(c, true); // cancelled or timed out meanwhile; nothing was sent
            return;
        }
        if (!c.isActive()) {
            host.release(c, false); // went stale in the pool; nothing was sent, so take another
            if (transport.isClosed()) {
                failClosed();
            } else {
                host.acquire(this);
            }
            return;
        }
        channel = c.channel();
        attached = true;
        c.attach(this);
        lastActivity = System.nanoTime();
        if (readTimeoutNanos > 0) {
            readTimer = channel.eventLoop().schedule(this, readTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        RequestWriter.write(this, channel, transport);
    }

    // ------------------------------------------------------------------ writing

    void doNotReuse() {
        reuse = false;
    }

    void startPump(StreamPump p) {
        pump = p;
        p.start();
    }

    /** Bytes read, or request progress: activity for the read timeout; on the event loop. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    /** The last write of the request completed. */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (f.isSuccess()) {
            requestWritten = true;
            lastActivity = System.nanoTime();
        } else if (attached) {
            fail(f.cause());
        }
    }

    void requestBodyFailed(Throwable cause) {
        if (attached) {
            failWith(RequestBodyStream.failure(request, cause));
        }
    }

    void onWritable() {
        StreamPump p = pump;
        if (p != null) {
            p.resume();
        }
    }

    // ------------------------------------------------------------------ reading

    /** A decoded message; its bytes already counted as activity when they were read ({@link Connection#reads}). */
    void onMessage(Object msg) {
        try {
            if (msg instanceof HttpResponse r && !onHead(r)) {
                return;
            }
            if (msg instanceof HttpContent c) {
                msg = null;
                onContent(c);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * False when the message ends here (a failure). Every head, an interim 1xx included, is checked
     * against {@link WireRules} before anything of it is used; a head that breaks them fails the
     * exchange with PROTOCOL and closes the connection, which is then out of step with the server.
     */
    private boolean onHead(HttpResponse r) {
        ResponseHead head;
        try {
            head = ResponseHead.of(r, reuse, request);
        } catch (SalvoException e) {
            failWith(e);
            return false;
        }
        if (head.status() < 200 && head.status() != 101) {
            informational = true; // 100 Continue and the like: the real head follows
            return true;
        }
        phase = Failures.Phase.BODY;
        this.head = head;
        if (request.streamResponse()) {
            stopReadTimer();
            channel.config().setAutoRead(false);
            streaming = StreamingBody.open(this, channel, readTimeoutNanos);
            // handed over at the end of this socket read: a body that came along whole has given the
            // connection back by then, so a request made from the completion (a redirect) can reuse it
            streamingHead = TransportResponse.streaming(head.status(), head.reason(), head.headers(), streaming);
            return true;
        }
        try {
            buffered = CappedBody.of(request, WireRules.hasNoBody(request.method(), head.status()) ? 0 : head.contentLength());
        } catch (SalvoException tooLarge) {
            failWith(tooLarge);
            return false;
        }
        return true;
    }

    private void onContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (informational || !attached) {
            informational &= !last;
            c.release();
            return;
        }
        if (c.decoderResult().isFailure()) {
            Throwable cause = c.decoderResult().cause();
            c.release();
            failWith(WireRules.protocol(request, "malformed response body: " + cause));
            return;
        }
        ByteBuf data = c.content();
        if (streaming != null) {
            streaming.offer(data); // it owns the buffer now
        } else {
            try {
                int n = data.readableBytes();
                if (n > 0) {
                    int at = buffered.claim(n); // first: it may grow the array
                    data.getBytes(data.readerIndex(), buffered.array(), at, n);
                }
            } catch (SalvoException tooLarge) {
                failWith(tooLarge);
                return;
            } finally {
                c.release();
            }
        }
        if (last) {
            bodyEnded();
        }
    }

    private void bodyEnded() {
        stopReadTimer();
        boolean reusable = head.keepAlive() && requestWritten;
        if (streaming != null) {
            releaseConnection(reusable); // first: a reader seeing the end may send its next request at once
            streaming.end();
            deliverStreamingHead();
            return;
        }
        byte[] body = buffered.toArray();
        releaseConnection(reusable);
        future.complete(TransportResponse.buffered(head.status(), head.reason(), head.headers(), body));
    }

    void onReadComplete() {
        QueuedBodyStream<ByteBuf> s = streaming;
        if (s != null) {
            deliverStreamingHead();
            s.delivered();
        }
    }

    private void deliverStreamingHead() {
        TransportResponse r = streamingHead;
        if (r != null) {
            streamingHead = null;
            if (!future.complete(r)) {
                streaming.close(); // cancelled meanwhile
            }
        }
    }

    void onInactive() {
        failWith(NettyFailures.closed(request, phase, transport.isClosed()));
    }

    void onError(Throwable cause) {
        fail(cause);
    }

    /** The read timeout check, on the event loop. */
    @Override
    public void run() {
        readTimer = null;
        if (!attached || streaming != null) {
            return;
        }
        long quiet = System.nanoTime() - lastActivity;
        if (quiet < readTimeoutNanos) {
            readTimer = channel.eventLoop().schedule(this, readTimeoutNanos - quiet, TimeUnit.NANOSECONDS);
            return;
        }
        failWith(NettyFailures.readTimeout(request, readTimeoutNanos, phase));
    }

    // ------------------------------------------------------------------ ending

    /** Cancelling the future: closes the connection unless the exchange already ended; from any thread. */
    void cancelled() {
        stopWaiting();
        Connection c = connection;
        if (c == null) {
            host.removeWaiter(this); // still queued; when it is connecting, start() sees it done
            return;
        }
        try {
            c.channel().eventLoop().execute(() -> {
                if (attached && channel == c.channel()) {
                    failWith(NettyFailures.cancelled(request));
                }
            });
        } catch (RejectedExecutionException closing) {
            c.close();
        }
    }

    /** The reader of a streamed body gave up (read timeout) or closed it early: fail from the reader's thread. */
    void failFromReader(SalvoException e) {
        Channel ch = channel;
        try {
            ch.eventLoop().execute(() -> failWith(e));
        } catch (RejectedExecutionException closing) {
            ch.close();
        }
    }

    private void fail(Throwable cause) {
        failWith(NettyFailures.classify(cause, request, phase, transport.isClosed()));
    }

    private void failWith(SalvoException e) {
        if (!attached) {
            return;
        }
        stopReadTimer();
        stopPump();
        if (streaming != null) {
            streaming.fail(e);
            if (streamingHead != null) {
                streamingHead = null;
                streaming.close(); // never handed over: nobody else will release what it holds
            }
        }
        buffered = null;
        releaseConnection(false);
        future.completeExceptionally(e);
    }

    private void releaseConnection(boolean reusable) {
        if (!attached) {
            return;
        }
        attached = false;
        Connection c = connection;
        c.detach(this);
        if (reusable && streaming != null) {
            channel.config().setAutoRead(true);
        }
        stopPump();
        host.release(c, reusable && !transport.isClosed());
    }

    private void stopReadTimer() {
        io.netty.util.concurrent.ScheduledFuture<?> t = readTimer;
        if (t != null) {
            readTimer = null;
            t.cancel(false);
        }
    }

    private void stopPump() {
        StreamPump p = pump;
        if (p != null) {
            pump = null;
            p.stop();
        }
    }

    @Override
    public String toString() {
        return "Exchange[" + request + ", " + phase + "]";
    }
}
