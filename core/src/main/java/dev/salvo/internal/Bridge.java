package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.SalvoException;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;

/**
 * What core adds to one request on its way to the transport and takes off each response on its
 * way back, for every hop of every attempt: the URL against the session's base, the headers of a
 * hop ({@link HopHeaders}: the request's, the session's, the client's, Accept-Encoding), the
 * cookies of the session's jar or of the request's own, the transport's timeouts and cap; then
 * the Set-Cookie lines of each response into that jar and the decoding of the final body.
 *
 * <p>One per {@link Call}. Its methods may run on any thread, one at a time for a call (its hops
 * follow each other); the request's own jar, made on the first Set-Cookie when the request is in
 * no session, is created under this object's lock since attempts may overlap their responses.
 */
final class Bridge {
    private static final byte[] NO_BODY = new byte[0];
    private final Engine engine;
    private final Request request;
    private final Scope scope;
    private final Options options;
    private final long startNanos = System.nanoTime();
    private CookieJar ownJar;

    Bridge(Engine engine, Request request, Scope scope, Options options) {
        this.engine = engine;
        this.request = request;
        this.scope = scope;
        this.options = options;
    }

    /**
     * The first hop of every attempt: the request's URL resolved against the session's base.
     *
     * @throws SalvoException INVALID_REQUEST for a relative URL outside a session with a base URL,
     *                        or a Host header the transport cannot send (or given twice)
     */
    Hop firstHop() {
        URI uri = request.uri(scope.baseUrl());
        if (!uri.isAbsolute()) {
            throw new SalvoException(ErrorType.INVALID_REQUEST, "relative URL '" + request.url()
                    + "' needs a session with a base URL");
        }
        String host = HopHeaders.hostProblem(engine.hostOverride(), request.headers(), scope.headers(),
                engine.config().defaultHeaders());
        if (host != null) {
            throw new SalvoException(ErrorType.INVALID_REQUEST, "header Host: " + host + " (" + engine.transportName()
                    + " transport; " + request + ")");
        }
        return new Hop(request.method(), uri, request.headers(), request.body(), true);
    }

    /** What the transport is asked to send for {@code hop}. */
    TransportRequest outgoing(Hop hop) {
        CookieJar jar = jar(false);
        String jarCookies = jar == null ? null : jar.header(hop.uri());
        Headers headers = HopHeaders.of(hop, scope.headers(), engine.config().defaultHeaders(), jarCookies);
        return new TransportRequest(hop.method(), hop.uri(), headers, hop.body(), options.connectTimeout(),
                options.readTimeout(), options.stream(), options.maxResponseBodySize());
    }

    /**
     * Whether handling {@code tr} is slow work that must not run on a transport's I/O thread:
     * Set-Cookie lines (any number of them) to store, or a buffered body to inflate.
     */
    static boolean isSlow(TransportResponse tr) {
        return tr.headers().contains("Set-Cookie")
                || !tr.isStreaming() && tr.body().length > 0 && Decoding.decodes(tr.headers().firstOrNull("Content-Encoding"));
    }

    /** Stores the Set-Cookie lines of the response to {@code hop}, before anything else sees it. */
    void incoming(Hop hop, TransportResponse tr) {
        if (tr.headers().contains("Set-Cookie")) {
            jar(true).store(hop.uri(), tr.headers());
        }
    }

    /**
     * The response the user gets for {@code tr}, the answer to {@code hop} of attempt {@code a}:
     * its body decoded as its Content-Encoding says, under the decompressed-size cap.
     */
    Response response(Attempt a, Hop hop, TransportResponse tr) {
        String coding = tr.headers().firstOrNull("Content-Encoding");
        if (tr.isStreaming()) {
            InputStream in = Decoding.decode(coding, tr.stream(), options.maxDecompressedBodySize());
            return head(a, hop, tr).bodyStream(in).build();
        }
        return head(a, hop, tr).body(Decoding.decode(coding, tr.body(), options.maxDecompressedBodySize())).build();
    }

    /** The response {@code tr} without its body: a redirect's, for the history, or a status retried. */
    Response bodiless(Attempt a, Hop hop, TransportResponse tr) {
        return head(a, hop, tr).body(NO_BODY).build();
    }

    private Response.Builder head(Attempt a, Hop hop, TransportResponse tr) {
        return Response.builder().status(tr.status()).reason(tr.reason()).headers(tr.headers()).url(hop.uri())
                .history(a.history()).elapsed(Duration.ofNanos(System.nanoTime() - startNanos))
                .request(request).attempts(a.number);
    }

    private synchronized CookieJar jar(boolean create) {
        CookieJar shared = scope.jar();
        if (shared != null) {
            return shared;
        }
        if (ownJar == null && create) {
            ownJar = new CookieJar();
        }
        return ownJar;
    }

    /** Releases a response nobody will read (its streamed body holds a connection). */
    static void discard(TransportResponse tr) {
        if (tr != null && tr.stream() != null) {
            try {
                tr.stream().close();
            } catch (IOException | RuntimeException ignored) {
                // releasing a connection we no longer need; nothing to report
            }
        }
    }
}
