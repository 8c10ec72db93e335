package dev.salvo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A received HTTP response. Any status is a response, not an error; call
 * {@link #raiseForStatus()} to turn 4xx/5xx into a {@link SalvoException}.
 *
 * <p>By default the body is buffered: {@link #body()} and {@link #text()} return it and the
 * connection went back to the pool as soon as it was read. A request sent with
 * {@code stream(true)} gets a streaming response instead: read {@link #bodyStream()} and
 * {@link #close()} the response (try-with-resources) to release its connection.
 */
public final class Response implements AutoCloseable {
    private final int status;
    private final String reason;
    private final Headers headers;
    private final URI url;
    private final List<Response> history;
    private final Duration elapsed;
    private final Request request;
    private final byte[] body;
    private final InputStream stream;
    private final int attempts;

    /**
     * Made by Salvo's engine; user code receives responses, or makes one in a test or an
     * {@link ErrorHandler} with {@link #builder()}.
     */
    private Response(Builder b) {
        this.status = b.status;
        this.reason = b.reason == null ? Reasons.of(b.status) : b.reason;
        this.headers = b.headers;
        this.url = b.url;
        this.history = List.copyOf(b.history);
        this.elapsed = b.elapsed;
        this.request = b.request;
        this.body = b.stream == null && b.body == null ? new byte[0] : b.body;
        this.stream = b.stream;
        this.attempts = b.attempts;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this response's values. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.status = status;
        b.reason = reason;
        b.headers = headers;
        b.url = url;
        b.history = history;
        b.elapsed = elapsed;
        b.request = request;
        b.body = body;
        b.stream = stream;
        b.attempts = attempts;
        return b;
    }

    public int status() {
        return status;
    }

    /** The reason phrase the server sent, or the standard one for the status when the stack hides it. */
    public String reason() {
        return reason;
    }

    public Headers headers() {
        return headers;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.firstOrNull(name);
    }

    /** The final URL, after any redirects. */
    public URI url() {
        return url;
    }

    /** The redirect responses that led here, oldest first; empty when there was no redirect. */
    public List<Response> history() {
        return history;
    }

    /** Time from sending the request (first attempt) until the response body was read (or the head, when streaming). */
    public Duration elapsed() {
        return elapsed;
    }

    /** The request this response answers, as the user built it. */
    public Request request() {
        return request;
    }

    /** The number of attempts it took (1 unless retried). */
    public int attempts() {
        return attempts;
    }

    /** Whether the status is 2xx. */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /**
     * requests' {@code ok}: status below 400.
     *
     * @deprecated use {@link #isSuccessful()} (2xx), or {@link #raiseForStatus()} to fail on 4xx/5xx;
     * this method keeps its meaning, status below 400, until it is removed
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public boolean ok() {
        return status < 400;
    }

    /** Whether the status is a redirect with a Location. */
    public boolean isRedirect() {
        return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                && headers.contains("Location");
    }

    /** Whether the body is streamed ({@link #bodyStream()}) rather than buffered. */
    public boolean isStreaming() {
        return stream != null;
    }

    /**
     * The buffered body, decompressed. Empty for bodiless responses. Fails for a streaming
     * response: read {@link #bodyStream()} instead.
     */
    public byte[] body() {
        if (stream != null) {
            throw new IllegalStateException("streaming response: read bodyStream() instead of body()");
        }
        return body;
    }

    /** The body decoded with the charset of the Content-Type, else UTF-8. */
    public String text() {
        return new String(body(), charset());
    }

    /**
     * The body as a stream. For a buffered response, a stream over the buffered bytes. For a
     * streaming one, the live stream: read it once, then close the response.
     */
    public InputStream bodyStream() {
        return stream != null ? stream : new java.io.ByteArrayInputStream(body);
    }

    /** The charset from Content-Type, or UTF-8 when none is named or it is unknown. */
    public Charset charset() {
        return contentCharset(headers.firstOrNull("Content-Type")).orElse(StandardCharsets.UTF_8);
    }

    /**
     * This response, or a {@link SalvoException} of type {@link ErrorType#HTTP_STATUS} for a 4xx/5xx
     * status, carrying this response and its {@link #attempts()}.
     */
    public Response raiseForStatus() {
        if (status >= 400) {
            String kind = status < 500 ? "client error" : "server error";
            throw new SalvoException(ErrorType.HTTP_STATUS, status + " " + reason + " (" + kind + ") for " + url, null, this,
                    attempts);
        }
        return this;
    }

    /** Releases a streaming response's connection (closing its stream); a no-op when buffered. */
    @Override
    public void close() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return "<Response [" + status + "]> " + url;
    }

    static Optional<Charset> contentCharset(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring(8).trim();
                if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                try {
                    return Optional.of(Charset.forName(name));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Builds a {@link Response}; used by the engine, and by users faking responses in handlers or tests. */
    public static final class Builder {
        private int status = 200;
        private String reason;
        private Headers headers = Headers.empty();
        private URI url;
        private List<Response> history = List.of();
        private Duration elapsed = Duration.ZERO;
        private Request request;
        private byte[] body;
        private InputStream stream;
        private int attempts = 1;

        private Builder() {
        }

        public Builder status(int status) {
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("status: must be a three-digit code, got " + status);
            }
            this.status = status;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder headers(Headers headers) {
            this.headers = headers;
            return this;
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder history(List<Response> history) {
            this.history = history;
            return this;
        }

        public Builder elapsed(Duration elapsed) {
            this.elapsed = elapsed;
            return this;
        }

        public Builder request(Request request) {
            this.request = request;
            return this;
        }

        /** A buffered body (not copied). */
        public Builder body(byte[] body) {
            this.body = body;
            this.stream = null;
            return this;
        }

        /** A streaming body. */
        public Builder bodyStream(InputStream stream) {
            this.stream = stream;
            this.body = null;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Response build() {
            return new Response(this);
        }
    }
}
