package dev.salvo.transport.jdk;

import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

/**
 * One exchange: builds the JDK request, sends it, turns the response into a
 * {@link TransportResponse}, and owns everything that can end it early.
 *
 * <p><b>Read timeout</b> (the longest wait between bytes):
 * <ul>
 *   <li>No request body: until the head arrives, {@link HttpRequest.Builder#timeout} does it; the
 *       JDK client cancels that timer when the head arrives, and its {@code HttpTimeoutException}
 *       becomes {@link ErrorType#READ_TIMEOUT}.
 *   <li>With a request body, that JDK timer would also count the upload, so a large body sent
 *       steadily would time out. Instead the watchdog (below) runs from the start and counts every
 *       piece of the body the client takes as progress.
 *   <li>Buffered body: the watchdog, a task on the transport's scheduler that looks at the time of
 *       the last byte and re-arms itself for the rest of the period (one pending task per exchange,
 *       not one per byte). When the idle time passes the read timeout it cancels the subscription
 *       (closing the connection) and fails with {@link ErrorType#READ_TIMEOUT}.
 *   <li>Streaming body: each {@code read()} waits at most the read timeout (see
 *       {@link StreamingSubscriber}).
 * </ul>
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
final class JdkExchange {
    private final JdkTransport transport;
    private final TransportRequest request;
    private final CompletableFuture<TransportResponse> result = new CompletableFuture<>();
    private final long readTimeoutNanos;

    private volatile long lastActivity = System.nanoTime();
    private volatile boolean headArrived;
    private volatile IOException requestBodyError;

    // guarded by this
    private boolean finished;
    private boolean watchdogStopped;
    private ScheduledFuture<?> watchdog;
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
        this.transport = transport;
        this.request = request;
        Duration rt = request.readTimeout();
        this.readTimeoutNanos = rt.isNegative() || rt.isZero() ? 0 : saturatedNanos(rt);
        result.whenComplete((r, t) -> {
            if (t instanceof CancellationException) {
                fail(new SalvoException(ErrorType.CANCELLED, "the exchange was cancelled (" + request + ")", t));
            }
        });
    }

    TransportRequest request() {
        return request;
    }

    CompletableFuture<TransportResponse> result() {
        return result;
    }

    // ---- start ----

    void start(HttpClient client) {
        HttpRequest httpRequest;
        try {
            httpRequest = buildRequest();
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
            if (finished && bufferedResponse == null) {
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
        if (request.body() != null) {
            armWatchdog();
        }
    }

    private HttpRequest buildRequest() {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri());
        Body body = request.body();
        boolean expectContinue = false;
        for (Map.Entry<String, List<String>> field : request.headers().toMap().entrySet()) {
            String name = field.getKey();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "content-length", "transfer-encoding", "connection", "upgrade", "host", "keep-alive",
                     "proxy-connection" -> {
                    // framing and connection management belong to the client; Host is derived from the URI
                }
                case "expect" -> expectContinue = field.getValue().stream().anyMatch(v -> v.trim().equalsIgnoreCase("100-continue"));
                default -> {
                    for (String value : field.getValue()) {
                        b.header(name, value);
                    }
                }
            }
        }
        if (body == null) {
            switch (request.method()) {
                case "GET" -> b.GET();
                case "DELETE" -> b.DELETE();
                default -> b.method(request.method(), HttpRequest.BodyPublishers.noBody());
            }
            if (readTimeoutNanos > 0) {
                b.timeout(Duration.ofNanos(readTimeoutNanos));
            }
        } else {
            b.method(request.method(), RequestBodies.publisher(body, this));
            b.expectContinue(expectContinue);
        }
        return b.build();
    }

    // ---- the response ----

    /** Called by the JDK client when the head arrives: picks the body subscriber. */
    private HttpResponse.BodySubscriber<Void> onHead(HttpResponse.ResponseInfo info) {
        touch();
        headArrived = true;
        Headers converted;
        try {
            converted = convert(info.headers());
        } catch (IllegalArgumentException e) {
            fail(new SalvoException(ErrorType.PROTOCOL, "the response has an invalid header: " + e.getMessage()
                    + " (" + request + ")", e));
            return new Discarding();
        }
        synchronized (this) {
            if (finished) {
                return new Discarding();
            }
            status = info.statusCode();
            headers = converted;
        }
        if (request.streamResponse()) {
            StreamingSubscriber s = new StreamingSubscriber(this, readTimeoutNanos);
            synchronized (this) {
                if (finished) {
                    return new Discarding();
                }
                streaming = s;
            }
            stopWatchdog();
            if (!result.complete(TransportResponse.streaming(info.statusCode(), null, converted, s.stream()))) {
                s.close(); // cancelled meanwhile
            }
            return s;
        }
        armWatchdog();
        return new BufferingSubscriber(this, request.maxResponseBytes(), declaredLength(info, converted));
    }

    private long declaredLength(HttpResponse.ResponseInfo info, Headers h) {
        if (isBodiless(info.statusCode())) {
            return -1;
        }
        String cl = h.firstOrNull("Content-Length");
        if (cl == null || h.contains("Transfer-Encoding")) {
            return -1;
        }
        try {
            return Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Headers convert(HttpHeaders jdk) {
        Headers.Builder b = Headers.builder();
        for (Map.Entry<String, List<String>> field : jdk.map().entrySet()) {
            String name = field.getKey();
            if (name.startsWith(":")) {
                continue; // HTTP/2 pseudo-headers
            }
            for (String value : field.getValue()) {
                b.add(name, value);
            }
        }
        return b.build();
    }

    /** The body subscriber got its subscription; false (and the subscription cancelled) when the exchange already ended. */
    boolean bodySubscribed(Flow.Subscription s, CompletableFuture<Void> done) {
        synchronized (this) {
            if (!finished) {
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
        CompletableFuture<Void> done;
        int code;
        Headers h;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            done = bodyDone;
            code = status;
            h = headers;
        }
        cleanUp();
        TransportResponse response = TransportResponse.buffered(code, null, h, body);
        boolean handOver;
        CompletableFuture<?> send;
        synchronized (this) {
            bufferedResponse = response;
            // over a blocking send, hand over once send() returns, on the sender (see start)
            handOver = sendCompleted || (!isBodiless(code) && !(sendFuture instanceof BlockingSend));
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

    /** Whether the JDK treats a response as having no body (and so releases its connection late). */
    private boolean isBodiless(int code) {
        return request.method().equals("HEAD") || code == 204 || code == 304 || (code >= 100 && code < 200);
    }

    /** A streaming body was read to its end. */
    void streamEnded() {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        cleanUp();
    }

    /** A streaming body was closed before its end; its subscription is already cancelled. */
    void streamClosedEarly() {
        fail(new SalvoException(ErrorType.CANCELLED, "the response stream was closed before its end (" + request + ")"));
    }

    /**
     * Ends the exchange with a failure, once: fails the result (or the stream, when the head was
     * already delivered), then aborts what is in progress so that the connection is closed.
     */
    void fail(Throwable cause) {
        SalvoException error;
        IOException bodyError = requestBodyError;
        if (bodyError != null && !(dev.salvo.spi.Failures.unwrap(cause) instanceof SalvoException)) {
            error = new SalvoException(ErrorType.REQUEST_BODY, "the request body could not be read: "
                    + JdkFailures.describe(bodyError) + " (" + request + ")", bodyError);
        } else {
            error = JdkFailures.classify(cause, request, headArrived);
        }
        Flow.Subscription sub;
        CompletableFuture<?> send;
        CompletableFuture<Void> done;
        StreamingSubscriber stream;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            sub = subscription;
            send = sendFuture;
            done = bodyDone;
            stream = streaming;
        }
        cleanUp();
        result.completeExceptionally(error);
        if (stream != null) {
            stream.fail(error);
        }
        if (done != null) {
            done.completeExceptionally(error);
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

    private void cleanUp() {
        stopWatchdog();
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
        transport.finished(this);
    }

    // ---- request body ----

    /** Opens the request body for the JDK client; never throws (a failure becomes the stream's first read error). */
    InputStream openRequestStream(Body body) {
        InputStream in;
        try {
            in = body.openStream();
            if (in == null) {
                throw new IOException("the body's stream is null");
            }
        } catch (IOException | RuntimeException e) {
            return new RequestBodies.Failing(requestBodyFailed(e));
        }
        InputStream recording = new RequestBodies.Recording(in, this);
        synchronized (this) {
            if (!finished) {
                requestStream = recording;
                return recording;
            }
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // the exchange already ended
        }
        return new RequestBodies.Failing(new IOException("the exchange already ended"));
    }

    /** Records a failure to produce the request body; the exchange then fails with REQUEST_BODY. */
    IOException requestBodyFailed(Throwable e) {
        IOException io = e instanceof IOException x ? x : new IOException("the request body failed: " + e, e);
        synchronized (this) {
            if (requestBodyError == null && !finished) {
                requestBodyError = io;
            }
        }
        return io;
    }

    // ---- read-timeout watchdog ----

    /** Records progress: a piece of request body taken, the head, or body bytes arrived. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    private void armWatchdog() {
        if (readTimeoutNanos <= 0) {
            return;
        }
        synchronized (this) {
            if (finished || watchdogStopped || watchdog != null) {
                return;
            }
            watchdog = transport.schedule(this::checkIdle, readTimeoutNanos);
        }
    }

    private void checkIdle() {
        long idle = System.nanoTime() - lastActivity;
        if (idle >= readTimeoutNanos) {
            synchronized (this) {
                if (watchdogStopped) {
                    return;
                }
            }
            String what = headArrived ? "no byte of the response body" : "no response";
            fail(new SalvoException(ErrorType.READ_TIMEOUT, what + " for " + readTimeoutNanos / 1_000_000
                    + " ms, the read timeout (" + request + ")"));
            return;
        }
        synchronized (this) {
            if (!finished && !watchdogStopped) {
                watchdog = transport.schedule(this::checkIdle, readTimeoutNanos - idle);
            }
        }
    }

    private void stopWatchdog() {
        ScheduledFuture<?> w;
        synchronized (this) {
            watchdogStopped = true;
            w = watchdog;
            watchdog = null;
        }
        if (w != null) {
            w.cancel(false);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "JdkExchange[" + request + "]";
    }

    /** A body subscriber for an exchange that already ended: cancels at once. */
    private static final class Discarding implements HttpResponse.BodySubscriber<Void> {
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
            done.completeExceptionally(new CancellationException("exchange already ended"));
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }
    }
}
