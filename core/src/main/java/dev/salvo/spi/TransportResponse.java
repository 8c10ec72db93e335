package dev.salvo.spi;

import dev.salvo.Headers;
import java.io.InputStream;
import java.util.Objects;

/**
 * A response as a transport received it: the head, and either the whole raw body (buffered) or
 * a live stream of it (streaming). Bodies are raw: a transport never decompresses.
 *
 * <p>For a streaming response, closing {@link #stream()} before its end aborts the exchange
 * (closing or discarding the connection); reading it to the end releases the connection to the
 * pool. Errors while reading the stream are thrown as {@link java.io.IOException}s whose cause is
 * a {@link dev.salvo.SalvoException} naming the fault.
 *
 * @param status  the status code
 * @param reason  the reason phrase sent, or null when the stack does not expose it
 * @param headers the response headers
 * @param body    the raw body when buffered (never null then; empty when there was none)
 * @param stream  the raw body stream when streaming, else null
 */
public record TransportResponse(int status, String reason, Headers headers, byte[] body, InputStream stream) {
    public TransportResponse {
        Objects.requireNonNull(headers, "headers");
        if ((body == null) == (stream == null)) {
            throw new IllegalArgumentException("exactly one of body and stream");
        }
    }

    public static TransportResponse buffered(int status, String reason, Headers headers, byte[] body) {
        return new TransportResponse(status, reason, headers, body, null);
    }

    public static TransportResponse streaming(int status, String reason, Headers headers, InputStream stream) {
        return new TransportResponse(status, reason, headers, null, stream);
    }

    public boolean isStreaming() {
        return stream != null;
    }
}
