package dev.salvo.transport.jdk;

import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import dev.salvo.spi.RequestBodyStream;
import dev.salvo.spi.TransportExchange;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import dev.salvo.spi.WireRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;

/**
 * One exchange: builds the JDK request, sends it, turns the response into a
 * {@link TransportResponse}, and owns everything that can end it early.
 *
 * <p><b>Read timeout</b>: the {@link IdleWatchdog}, armed when the JDK client writes the request
 * head (it then has a connection: connecting is the connect timeout's alone, see
 * {@link RequestBodies}). Progress is every piece of the request body the client takes, the
 * response head, and every buffer of a buffered body. The JDK client says nothing while a head
 * arrives, so before the head the timeout covers the whole wait for it, however the bytes drip
 * ({@link dev.salvo.spi.Capability#IDLE_TIMEOUT_IN_HEAD} is not declared). A streamed body's
 * reads time themselves (see {@link StreamingSubscriber}).
 *
 * <p><b>Response heads</b> go through {@link ResponseHeads#check} ({@link WireRules#checkHead} and
 * what the JDK client cannot parse) before anything reaches core. A head that breaks a rule fails
 * the exchange with that {@link ErrorType#PROTOCOL} error, and its connection is closed, never
 * reused (see {@link #refuse}), so the rest of that connection's bytes never reach another
 * request. A head the JDK's own parser rejects never reaches the transport: the JDK client fails
 * the exchange with a ProtocolException and never reuses that connection, but leaves it open.
 *
 * <p><b>Cancellation</b>: cancelling {@link #result()} cancels the future of {@code sendAsync} (JDK
 * 16+ then aborts the exchange and closes its connection) and the body subscription (the JDK
 * client closes the connection when a body subscriber cancels).
 *
 * <p>The result is completed from the JDK client's threads (this transport's executor or its
 * selector thread) or the transport's own executor, sender threads and watchdog, never from the common pool: a
 * failure that only the {@code sendAsync} future reports (it completes on the common pool) is
 * handed to the executor first.
 */
final class JdkExchange extends TransportExchange {
    /** How long a refused head waits for a sender to cancel the exchange (see {@link #refuse}). */
    private static final long REFUSE_WAIT_MILLIS = 2_000;

    private final JdkTransport transport;
    private final TransportRequest request;
    private final CompletableFuture<TransportResponse> result;
    private final IdleWatchdog watchdog;

    private volatile boolean headArrived;

    // guarded by this
    private CompletableFuture<?> sendFuture;
    /** The complete buffered response, held until the JDK has put its connection back in the pool. */
    private TransportResponse bufferedResponse;
    /** Whether the future of sendAsync has completed. */
    private boolean sendCompleted;
    private Flow.Subscription subscription;
    private CompletableFuture<Void> bodyDone;
    private StreamingSubscriber streaming;
    private InputStream requestStream;
    private int status;
    private Headers headers;

    JdkExchange(JdkTransport transport, TransportRequest request) {
        super(transport.registry(), request);
        this.transport = transport;
        this.request = request;
        this.result = result();
        Duration rt = request.readTimeout();
        this.watchdog = new IdleWatchdog(transport, rt.isNegative() || rt.isZero() ? 0 : saturatedNanos(rt),
                this::readTimedOut);
    }

    // ---- start ----

    void start(HttpClient client) {
        HttpRequest httpRequest;
        try {
            httpRequest = JdkRequests.build(request, this);
        } catch (UncheckedIOException e) {
            fail(requestBodyFailed(e.getCause()));
            return;
        } catch (IllegalArgumentException | IllegalStateException e) {
            fail(new SalvoException(ErrorType.INVALID_REQUEST, "the JDK client refuses this request: " + e.getMessage()
                    + " (" + request + ")", e));
            return;
        }
        CompletableFuture<HttpResponse<Void>> sent;
        try {
            sent = transport.send(client, httpRequest, this::onHead);
        } catch (IllegalArgumentException e) {
            fail(new SalvoException(ErrorType.INVALID_REQUEST, "the JDK client refuses this request: " + e.getMessage()
                    + " (" + request + ")", e));
            return;
        } catch (RejectedExecutionException e) {
            fail(new SalvoException(ErrorType.CLIENT_CLOSED, "the transport is closed (" + request + ")", e));
            return;
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        synchronized (this) {
            // Ended already: a failure (cancel what the JDK still holds), or a bodiless response
            // complete before sendAsync even returned, still waiting for the hand-over below.
            if (isFinished() && bufferedResponse == null) {
                sent.cancel(true);
                return;
            }
            sendFuture = sent;
        }
        // The future of sendAsync completes on the common pool (BlockingSend's on a sender thread): hop to our executor. A bodiless
        // buffered response (HEAD, 204, 304) is handed over only then: for those the JDK returns
        // the connection to its pool after the body subscriber finishes, just before this future
        // completes, and handing the response over earlier lets the next request find the pool
        // empty and open a second connection. (With a body, the JDK returns the connection before
        // the subscriber's onComplete, so succeed() hands the response over at once.)
        sent.whenComplete((r, t) -> {
            TransportResponse buffered;
            synchronized (this) {
                sendCompleted = true;
                buffered = bufferedResponse;
            }
            if (buffered != null) {
                if (!result.isDone()) { // held back until now: a bodiless response, or any over a blocking send
                    if (sent instanceof BlockingSend) {
                        // on our own sender thread: core starts the next request from here, and
                        // this sender sends it as soon as it is free (SenderPool), with no hand-over
                        result.complete(buffered);
                    } else {
                        transport.runAsync(() -> result.complete(buffered));
                    }
                }
            } else if (t != null) {
                transport.runAsync(() -> fail(t));
            } else if (!request.streamResponse() && !result.isDone()) {
                // the body subscriber has not finished yet; succeed() hands the response over
                return;
            } else if (!result.isDone()) {
                transport.runAsync(() -> fail(new SalvoException(ErrorType.IO,
                        "the JDK client completed without delivering the response (" + request + ")")));
            }
        });
    }

    // ---- the response ----

    /** Called by the JDK client when the head arrives: checks it, then picks the body subscriber. */
    private HttpResponse.BodySubscriber<Void> onHead(HttpResponse.ResponseInfo info) {
        touch();
        headArrived = true;
        Headers converted;
        try {
            converted = ResponseHeads.convert(info.headers());
        } catch (IllegalArgumentException e) {
            return refuse(WireRules.invalidField(request, e));
        }
        SalvoException problem = ResponseHeads.check(request, info.statusCode(), converted);
        if (problem != null) {
            return refuse(problem);
        }
        synchronized (this) {
            if (isFinished()) {
                return new Discarding(new CancellationException("exchange already ended"));
            }
            status = info.statusCode();
            headers = converted;
        }
        if (request.streamResponse()) {
            StreamingSubscriber s = new StreamingSubscriber(this, watchdog.timeoutNanos());
            synchronized (this) {
                if (isFinished()) {
                    return new Discarding(new CancellationException("exchange already ended"));
                }
                streaming = s;
            }
            watchdog.stop();
            if (!result.complete(TransportResponse.streaming(info.statusCode(), null, converted, s.stream()))) {
                s.close(); // cancelled meanwhile
            }
            return s;
        }
        watchdog.arm();
        long declared = WireRules.hasNoBody(request.method(), info.statusCode()) ? -1 : WireRules.declaredLength(converted);
        return new BufferingSubscriber(this, transport::runAsync, request.maxResponseBytes(), declared);
    }

    /**
     * Fails the exchange with {@code problem} and makes the JDK client close the connection.
     *
     * <p>Cancelling the exchange does it ({@link #fail}), as long as the JDK client has not given up
     * on the exchange first: it does as soon as this handler returns when it cannot parse the
     * Content-Length, and leaves that connection open. So when the exchange runs on a sender
     * thread, whose {@code send} cancels the exchange only once it wakes, this waits (bounded) for
     * it. The subscriber returned is the second line: it cancels its subscription (the JDK client
     * then closes the connection of a response with a body) and fails its body (which closes that
     * of a bodiless one, which the client completes without a subscription of its own).
     */
    private HttpResponse.BodySubscriber<Void> refuse(SalvoException problem) {
        fail(problem);
        CompletableFuture<?> send;
        synchronized (this) {
            send = sendFuture;
        }
        if (send instanceof BlockingSend blocking) {
            blocking.awaitSendReturned(REFUSE_WAIT_MILLIS);
        }
        return new Discarding(problem);
    }

    /** The body subscriber got its subscription; false (and the subscription cancelled) when the exchange already ended. */
    boolean bodySubscribed(Flow.Subscription s, CompletableFuture<Void> done) {
        synchronized (this) {
            if (!isFinished()) {
                subscription = s;
                bodyDone = done;
                return true;
            }
        }
        s.cancel();
        done.completeExceptionally(new CancellationException("exchange already ended"));
        return false;
    }

    /** A buffered body is complete. */
    void succeed(byte[] body) {
        if (!finish()) {
            return;
        }
        CompletableFuture<Void> done;
        int code;
        Headers h;
        synchronized (this) {
            done = bodyDone;
            code = status;
            h = headers;
        }
        TransportResponse response = TransportResponse.buffered(code, null, h, body);
        boolean handOver;
        CompletableFuture<?> send;
        synchronized (this) {
            bufferedResponse = response;
            // over a blocking send, hand over once send() returns, on the sender (see start)
            handOver = sendCompleted || (!WireRules.hasNoBody(request.method(), code) && !(sendFuture instanceof BlockingSend));
            send = sendFuture;
        }
        if (send instanceof BlockingSend blocking) {
            blocking.releaseSender();
        }
        if (done != null) {
            done.complete(null);
        }
        if (handOver) {
            result.complete(response);
        }
    }

    @Override
    protected SalvoException classify(Throwable e) {
        return JdkFailures.classify(e, request, headArrived);
    }

    /** Stops the read timeout and closes the request body's stream, if one is open. */
    @Override
    protected void released() {
        watchdog.stop();
        InputStream in;
        synchronized (this) {
            in = requestStream;
            requestStream = null;
        }
        if (in != null) {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // the body was only being read for this exchange
            }
        }
    }

    /** Fails a stream already handed over, and cancels what the JDK client still does, so that it closes the connection. */
    @Override
    protected void abort(SalvoException error) {
        // the fields are final once the exchange has ended: each is read under the lock for its visibility
        StreamingSubscriber stream;
        CompletableFuture<Void> done;
        synchronized (this) {
            stream = streaming;
            done = bodyDone;
        }
        if (stream != null) {
            stream.fail(error);
        }
        if (done != null) {
            done.completeExceptionally(error);
        }
        Flow.Subscription sub;
        CompletableFuture<?> send;
        synchronized (this) {
            sub = subscription;
            send = sendFuture;
        }
        if (sub != null) {
            try {
                sub.cancel();
            } catch (RuntimeException ignored) {
                // the subscription is being torn down anyway
            }
        }
        if (send != null) {
            send.cancel(true);
        }
    }

    // ---- request body ----

    /** Opens the request body for the JDK client; never throws (a failure becomes the stream's first read error). */
    InputStream openRequestStream(Body body) {
        InputStream in;
        try {
            // the JDK client checks the length itself ("too few bytes returned by the publisher")
            in = RequestBodyStream.open(body, -1, this::requestBodyFailed);
        } catch (IOException e) {
            return new RequestBodies.Failing(e);
        }
        synchronized (this) {
            if (!isFinished()) {
                requestStream = in;
                return in;
            }
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // the exchange already ended
        }
        return new RequestBodies.Failing(new IOException("the exchange already ended"));
    }

    // ---- read timeout ----

    /** Records progress: a piece of request body taken, the head, or body bytes arrived. */
    void touch() {
        watchdog.touch();
    }

    /**
     * The JDK client is writing the request head, so it has a connection: the read timeout starts
     * (or, on a retry over another connection, starts over).
     */
    void connected() {
        watchdog.touch();
        watchdog.arm();
    }

    private void readTimedOut() {
        String what = headArrived ? "no byte of the response body" : "no complete response head";
        fail(new SalvoException(ErrorType.READ_TIMEOUT, what + " for " + watchdog.timeoutNanos() / 1_000_000
                + " ms, the read timeout (" + request + ")"));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
