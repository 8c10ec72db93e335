package dev.salvo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An unsent HTTP request: an immutable value that does no I/O and can be sent any number of
 * times, by any client or session.
 *
 * <p>Everything is validated when the request is built: a malformed URL, a scheme other than
 * http or https, a header with CR/LF or illegal characters, a method that is not a token, or a
 * negative duration fails with an {@link IllegalArgumentException} whose message names the
 * field. Nothing is ever sent for an invalid request.
 *
 * <p>A URL may be relative ({@code /items/1}) when the request is meant for a {@link Session}
 * with a base URL; sending it anywhere else fails with {@link ErrorType#INVALID_REQUEST}.
 */
public final class Request {
    private final String method;
    private final String url;
    private final URI parsed;
    private final List<String> params;
    private final Headers headers;
    private final Body body;
    private final Duration timeout;
    private final Duration totalTimeout;
    private final Retry retry;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Boolean followRedirects;
    private final Integer maxRedirects;
    private final boolean stream;
    private final Object tag;
    private final ResponseCallback callback;

    private Request(Builder b) {
        this.method = b.method;
        this.url = b.url;
        this.parsed = b.parsed;
        this.params = List.copyOf(b.params);
        this.headers = b.headers.build().requireAsciiValues();
        this.body = b.body;
        this.timeout = b.timeout;
        this.totalTimeout = b.totalTimeout;
        this.retry = b.retry;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.followRedirects = b.followRedirects;
        this.maxRedirects = b.maxRedirects;
        this.stream = b.stream;
        this.tag = b.tag;
        this.callback = b.callback;
    }

    public static Request get(String url) {
        return builder("GET", url).build();
    }

    public static Request head(String url) {
        return builder("HEAD", url).build();
    }

    public static Request delete(String url) {
        return builder("DELETE", url).build();
    }

    public static Request options(String url) {
        return builder("OPTIONS", url).build();
    }

    public static Request post(String url, Body body) {
        return builder("POST", url).body(body).build();
    }

    public static Request put(String url, Body body) {
        return builder("PUT", url).body(body).build();
    }

    public static Request patch(String url, Body body) {
        return builder("PATCH", url).body(body).build();
    }

    /**
     * A builder for a request with any method token (GET, POST, PROPFIND, ...). As everywhere in
     * Salvo, a static {@code builder(...)} starts a new value and an instance {@code newBuilder()}
     * copies one.
     */
    public static Builder builder(String method, String url) {
        return new Builder(method, url);
    }

    /** A GET builder. */
    public static Builder builder(String url) {
        return new Builder("GET", url);
    }

    /**
     * A GET builder.
     *
     * @deprecated use {@link #builder(String)}; {@code newBuilder()} names the copy of a request
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Builder newBuilder(String url) {
        return builder(url);
    }

    /** A builder holding this request's values, to derive a changed copy. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** The method, upper-cased when it is a standard one. */
    public String method() {
        return method;
    }

    /** The URL as given, without the {@link #params()}. */
    public String url() {
        return url;
    }

    /** Whether the URL is absolute (has a scheme and host). */
    public boolean isAbsolute() {
        return parsed.isAbsolute();
    }

    /**
     * The URL with the query parameters appended. For a relative URL, the result is relative
     * too; a session resolves it against its base URL.
     */
    public URI uri() {
        return Urls.withParams(parsed, params);
    }

    /** The URL resolved against {@code base} (when relative), with the query parameters appended. */
    public URI uri(URI base) {
        URI target = parsed.isAbsolute() || base == null ? parsed : Urls.resolve(base, parsed);
        return Urls.withParams(target, params);
    }

    /** Query parameters, alternating names and values, in the order added. */
    public List<String> params() {
        return params;
    }

    public Headers headers() {
        return headers;
    }

    /** The body, or null. */
    public Body body() {
        return body;
    }

    /** Per-request timeout for one attempt, end to end; null means the client's default. */
    public Duration timeout() {
        return timeout;
    }

    /** Timeout across every attempt and the waits between them; null means the client's default. */
    public Duration totalTimeout() {
        return totalTimeout;
    }

    /** This request's retry policy, or null to use its batch's, session's or client's. */
    public Retry retry() {
        return retry;
    }

    /** Connect timeout override; null means the client's. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Read (idle) timeout override; null means the client's. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Whether to follow redirects; null means the client's default. */
    public Boolean followRedirects() {
        return followRedirects;
    }

    /** Redirect limit override; null means the client's. */
    public Integer maxRedirects() {
        return maxRedirects;
    }

    /** Whether the response body is streamed rather than buffered. */
    public boolean stream() {
        return stream;
    }

    /** The user's tag, or null. */
    public Object tag() {
        return tag;
    }

    /** The per-request callback, or null. */
    public ResponseCallback callback() {
        return callback;
    }

    @Override
    public String toString() {
        return method + " " + uri();
    }

    /** Builds a {@link Request}; each setter validates its input and names the field on error. */
    public static final class Builder {
        private String method;
        private String url;
        private URI parsed;
        private final List<String> params = new ArrayList<>();
        private final Headers.Builder headers;
        private Body body;
        private Duration timeout;
        private Duration totalTimeout;
        private Retry retry;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Boolean followRedirects;
        private Integer maxRedirects;
        private boolean stream;
        private Object tag;
        private ResponseCallback callback;

        private Builder(String method, String url) {
            method(method);
            url(url);
            this.headers = Headers.builder();
        }

        private Builder(Request r) {
            this.method = r.method;
            this.url = r.url;
            this.parsed = r.parsed;
            this.params.addAll(r.params);
            this.headers = r.headers.newBuilder();
            this.body = r.body;
            this.timeout = r.timeout;
            this.totalTimeout = r.totalTimeout;
            this.retry = r.retry;
            this.connectTimeout = r.connectTimeout;
            this.readTimeout = r.readTimeout;
            this.followRedirects = r.followRedirects;
            this.maxRedirects = r.maxRedirects;
            this.stream = r.stream;
            this.tag = r.tag;
            this.callback = r.callback;
        }

        /** Any method token; the standard ones (GET, POST, ...) are upper-cased. */
        public Builder method(String method) {
            this.method = Checks.method(method);
            return this;
        }

        public Builder url(String url) {
            this.parsed = Urls.parseUrl("url", url, true);
            this.url = url;
            return this;
        }

        /** Adds a query parameter (repeatable); it is percent-encoded when sent. */
        public Builder param(String name, String value) {
            Objects.requireNonNull(name, "query parameter name");
            Objects.requireNonNull(value, () -> "query parameter '" + name + "': value is null");
            params.add(name);
            params.add(value);
            return this;
        }

        /** Adds each entry as a query parameter, in the map's order. */
        public Builder params(Map<String, String> map) {
            map.forEach(this::param);
            return this;
        }

        /** Adds a header, keeping earlier values of the same name. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Sets a header to one value, replacing earlier values. */
        public Builder setHeader(String name, String value) {
            headers.set(name, value);
            return this;
        }

        public Builder removeHeader(String name) {
            headers.remove(name);
            return this;
        }

        public Builder headers(Headers more) {
            headers.addAll(more);
            return this;
        }

        public Builder body(Body body) {
            this.body = body;
            return this;
        }

        /** Shorthand for {@code body(Body.json(json))}. */
        public Builder json(String json) {
            return body(Body.json(json));
        }

        /** Shorthand for {@code body(Body.form(fields))}. */
        public Builder form(Map<String, String> fields) {
            return body(Body.form(fields));
        }

        /** HTTP Basic authentication (sets Authorization). */
        public Builder basicAuth(String user, String password) {
            headers.set("Authorization", Checks.basic(user, password));
            return this;
        }

        /** Bearer token authentication (sets Authorization). */
        public Builder bearerAuth(String token) {
            headers.set("Authorization", "Bearer " + Objects.requireNonNull(token, "bearer token"));
            return this;
        }

        /** Timeout for one attempt, from sending to the end of the body. */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.checkDuration("timeout", timeout);
            return this;
        }

        /** Timeout for the whole request: every attempt and every wait between attempts. */
        public Builder totalTimeout(Duration totalTimeout) {
            this.totalTimeout = Checks.checkDuration("totalTimeout", totalTimeout);
            return this;
        }

        /** The retry policy for this request, overriding its batch's, session's and client's. */
        public Builder retry(Retry retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Checks.checkDuration("connectTimeout", connectTimeout);
            return this;
        }

        /** Longest wait for the next byte of the response (head or body). */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Checks.checkDuration("readTimeout", readTimeout);
            return this;
        }

        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        public Builder maxRedirects(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxRedirects: must be >= 0, got " + max);
            }
            this.maxRedirects = max;
            return this;
        }

        /** Stream the response body instead of buffering it; the response must then be closed. */
        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        /** Any user value, carried to the response and outcome untouched. */
        public Builder tag(Object tag) {
            this.tag = tag;
            return this;
        }

        public Builder callback(ResponseCallback callback) {
            this.callback = callback;
            return this;
        }

        public Request build() {
            return new Request(this);
        }
    }
}
