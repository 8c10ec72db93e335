package dev.salvo.transport.okhttp;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import dev.salvo.spi.ActiveExchanges;
import dev.salvo.spi.CappedBody;
import dev.salvo.spi.Failures;
import dev.salvo.spi.TransportExchange;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import dev.salvo.spi.WireRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One exchange: builds the OkHttp request, enqueues its {@link Call}, turns the response into a
 * {@link TransportResponse}, and owns everything that can end it early.
 *
 * <p>Every OkHttp {@link Response} is closed on every path: a buffered body is read to its end
 * (which hands the connection back to the pool before the future completes) and closed; a
 * streaming body is closed by its {@link ResponseStream}; a response arriving after the exchange
 * ended is closed at once. Whatever ends an exchange early (cancelling the future, a failure, a
 * body over the cap, closing a stream before its end, closing the transport) cancels the call
 * first, which closes its socket, so OkHttp never spends time draining the rest of a body.
 *
 * <p>The final response head is checked against {@link WireRules} as soon as OkHttp has read it
 * (see {@link #EVENTS}); a head that breaks them fails the exchange as {@code PROTOCOL} and its
 * connection is closed, never reused. The body is then framed by the length the head declares.
 *
 * <p>Phase, for {@link Failures}: before OkHttp acquired a connection the exchange is connecting;
 * after, it awaits the head; once {@link #onResponse} runs, it reads the body.
 */
final class OkHttpExchange extends TransportExchange implements Callback {
    /**
     * Tells each exchange when its call got a connection (new or pooled), and hands it the final
     * response head as soon as OkHttp has read it.
     *
     * <p>The head is checked here, on the call's thread, because this is the last moment before
     * OkHttp opens the body: a body of length 0 (a 204, a HEAD, {@code Content-Length: 0}) counts
     * as read at once, and its connection goes back to the pool before any interceptor or
     * {@link #onResponse} sees the response. Failing the exchange here cancels the call, which
     * closes the socket first, so the pool finds the connection unhealthy and never hands it out.
     */
    static final EventListener EVENTS = new EventListener() {
        @Override
        public void connectionAcquired(Call call, Connection connection) {
            OkHttpExchange exchange = call.request().tag(OkHttpExchange.class);
            if (exchange != null) {
                exchange.connected = true;
            }
        }

        @Override
        public void responseHeadersEnd(Call call, Response response) {
            OkHttpExchange exchange = call.request().tag(OkHttpExchange.class);
            if (exchange != null) {
                exchange.headRead(response);
            }
        }

        @Override
        public void connectionReleased(Call call, Connection connection) {
            OkHttpExchange exchange = call.request().tag(OkHttpExchange.class);
            if (exchange != null) {
                exchange.transport.connectionReleased();
            }
        }
    };

    private final OkHttpTransport transport;
    private final TransportRequest request;

    private volatile boolean connected;
    private volatile boolean headArrived;
    /** The final response head as read from the wire, once it passed {@link WireRules#checkHead}. */
    private volatile Headers head;

    // guarded by this
    private Call call;
    private ResponseStream streaming;

    OkHttpExchange(OkHttpTransport transport, ActiveExchanges registry, TransportRequest request) {
        super(registry, request);
        this.transport = transport;
        this.request = request;
    }

    // ---- start ----

    void start(OkHttpClient client) {
        Request okRequest;
        try {
            okRequest = buildRequest();
        } catch (UncheckedIOException e) {
            fail(requestBodyFailed(e.getCause()));
            return;
        } catch (SalvoException e) {
            fail(e);
            return;
        } catch (IllegalArgumentException | IllegalStateException e) {
            fail(new SalvoException(ErrorType.INVALID_REQUEST, "OkHttp refuses this request: " + e.getMessage()
                    + " (" + request + ")", e));
            return;
        }
        Call c = client.newCall(okRequest);
        synchronized (this) {
            if (isFinished()) {
                return;
            }
            call = c;
        }
        c.enqueue(this);
    }

    private Request buildRequest() {
        Request.Builder b = new Request.Builder().url(HttpUrl.get(request.uri().toString()))
                .tag(OkHttpExchange.class, this);
        okhttp3.Headers.Builder h = new okhttp3.Headers.Builder();
        for (Map.Entry<String, List<String>> field : request.headers().toMap().entrySet()) {
            String name = field.getKey();
            if (name.equalsIgnoreCase("Host") && field.getValue().size() > 1) {
                // OkHttp would write every value, and a server must answer two Host lines with 400
                throw new SalvoException(ErrorType.INVALID_REQUEST, "the request has " + field.getValue().size()
                        + " Host values " + field.getValue() + "; HTTP/1.1 allows one (" + request + ")");
            }
            if (!WireRules.isFraming(name)) {
                // a user Host replaces the one OkHttp's bridge would derive from the URL
                field.getValue().forEach(v -> h.addUnsafeNonAscii(name, v));
            }
        }
        b.headers(h.build());
        b.method(request.method(), RequestBodies.of(request.method(), request.body(), this));
        return b.build();
    }

    // ---- the response ----

    @Override
    public void onFailure(Call c, IOException e) {
        fail(e);
    }

    @Override
    public void onResponse(Call c, Response response) {
        headArrived = true;
        try {
            handle(response);
        } catch (RuntimeException | IOException e) {
            fail(e); // cancels the call, closing its socket, before the response is closed
            response.close();
        }
    }

    private void handle(Response response) throws IOException {
        if (isFinished()) {
            response.close();
            return;
        }
        int status = response.code();
        String reason = response.protocol() == Protocol.HTTP_1_0 || response.protocol() == Protocol.HTTP_1_1
                ? emptyToNull(response.message()) : null;
        Headers checked = head;
        // EVENTS checked the head before OkHttp opened the body; should an OkHttp version stop
        // reporting it, the head is still checked here
        Headers headers = checked != null ? checked : checkedHead(response);
        // OkHttp frames by its own reading of Content-Length (the last field, and a list such as
        // "5, 5" as no length at all); the length is the one the head declares, which checkHead
        // has found consistent.
        long declared = WireRules.hasNoBody(request.method(), status) ? 0 : WireRules.declaredLength(headers);
        if (request.streamResponse()) {
            ResponseStream stream = new ResponseStream(this, response, declared);
            synchronized (this) {
                if (isFinished()) {
                    response.close();
                    return;
                }
                streaming = stream;
            }
            if (!result().complete(TransportResponse.streaming(status, reason, headers, stream))) {
                stream.close(); // cancelled meanwhile
            }
            return;
        }
        byte[] bytes;
        try {
            bytes = CappedBody.of(request, declared).readAll(response.body().byteStream());
        } catch (IOException | RuntimeException e) {
            fail(e); // cancels the call first: closing then does not drain the rest
            response.close();
            return;
        }
        response.close(); // read to its end: the connection is already back in the pool
        if (finish()) {
            result().complete(TransportResponse.buffered(status, reason, headers, bytes));
        }
    }

    /** OkHttp has read the final response head and not yet opened the body. */
    private void headRead(Response response) {
        try {
            head = checkedHead(response);
        } catch (SalvoException e) {
            fail(e); // cancels the call: its socket closes before OkHttp can release the connection
        }
    }

    /** The head's fields as core's {@link Headers}, or the {@link WireRules} problem with the head, thrown. */
    private Headers checkedHead(Response response) {
        Headers headers;
        try {
            headers = convert(response.headers());
        } catch (IllegalArgumentException e) {
            throw WireRules.invalidField(request, e);
        }
        SalvoException malformed = WireRules.checkHead(request, response.code(), headers);
        if (malformed != null) {
            throw malformed;
        }
        return headers;
    }

    private static Headers convert(okhttp3.Headers ok) {
        Headers.Builder b = Headers.builder();
        for (int i = 0; i < ok.size(); i++) {
            b.add(ok.name(i), ok.value(i));
        }
        return b.build();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // ---- ending ----

    @Override
    protected SalvoException classify(Throwable e) {
        Failures.Phase phase = headArrived ? Failures.Phase.BODY
                : connected ? Failures.Phase.AWAIT_HEAD : Failures.Phase.CONNECT;
        return OkHttpFailures.classify(e, request, phase);
    }

    /** Cancels the call, which closes its socket, and fails a stream already handed over. */
    @Override
    protected void abort(SalvoException e) {
        Call c;
        ResponseStream stream;
        synchronized (this) {
            c = call;
            stream = streaming;
        }
        if (stream != null) {
            stream.fail(e);
        }
        if (c != null) {
            c.cancel();
        }
        if (stream != null) {
            stream.release();
        }
    }
}
