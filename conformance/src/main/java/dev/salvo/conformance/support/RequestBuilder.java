package dev.salvo.conformance.support;

import dev.salvo.Body;
import dev.salvo.Headers;
import dev.salvo.spi.TransportRequest;
import java.net.URI;
import java.time.Duration;

/**
 * A small builder for the {@link TransportRequest}s a transport's tests send, with test defaults:
 * connect timeout 5 s, read timeout 10 s, a buffered (not streamed) response capped at 16 MiB, and
 * a {@code User-Agent} header naming the caller ({@value #DEFAULT_USER_AGENT} unless given).
 *
 * <p>Not thread-safe; each {@link #build()} returns a new immutable request. Invalid values (a
 * null method or URI) fail in {@link #build()} as {@link TransportRequest}'s constructor rejects them.
 */
public final class RequestBuilder {
    /** The {@code User-Agent} of {@link #get(URI)} and {@link #request(String, URI)}. */
    public static final String DEFAULT_USER_AGENT = "salvo-transport-test";
    /** The default response cap: 16 MiB. */
    public static final long DEFAULT_CAP = 16 << 20;
    /** The default connect timeout: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default read timeout: 10 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    private final String method;
    private final URI uri;
    private final Headers.Builder headers = Headers.builder();
    private Body body;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private boolean stream;
    private long cap = DEFAULT_CAP;

    private RequestBuilder(String method, URI uri, String userAgent) {
        this.method = method;
        this.uri = uri;
        if (userAgent != null) {
            headers.add("User-Agent", userAgent);
        }
    }

    /** A GET of {@code uri} with the default {@code User-Agent}. */
    public static RequestBuilder get(URI uri) {
        return request("GET", uri);
    }

    /** A {@code method} request to {@code uri} with the default {@code User-Agent}. */
    public static RequestBuilder request(String method, URI uri) {
        return request(method, uri, DEFAULT_USER_AGENT);
    }

    /**
     * A {@code method} request to {@code uri} whose {@code User-Agent} names the caller (for example
     * {@code "salvo-transport-jdk-test"}); none at all when {@code userAgent} is null.
     */
    public static RequestBuilder request(String method, URI uri, String userAgent) {
        return new RequestBuilder(method, uri, userAgent);
    }

    /** Adds a header (after any of the same name). */
    public RequestBuilder header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** The body; its content type, if it has one, becomes the {@code Content-Type} header. */
    public RequestBuilder body(Body b) {
        this.body = b;
        b.contentType().ifPresent(t -> headers.set("Content-Type", t));
        return this;
    }

    /** The connect timeout (default 5 s). */
    public RequestBuilder connectTimeout(Duration d) {
        this.connectTimeout = d;
        return this;
    }

    /** The read timeout (default 10 s). */
    public RequestBuilder readTimeout(Duration d) {
        this.readTimeout = d;
        return this;
    }

    /** Asks for a streamed response body rather than a buffered one. */
    public RequestBuilder streaming() {
        this.stream = true;
        return this;
    }

    /** The cap on a buffered response body, in bytes (default 16 MiB). */
    public RequestBuilder cap(long bytes) {
        this.cap = bytes;
        return this;
    }

    /** The request as built so far. */
    public TransportRequest build() {
        return new TransportRequest(method, uri, headers.build(), body, connectTimeout, readTimeout, stream, cap);
    }
}
