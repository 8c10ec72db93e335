package dev.salvo.spi;

import dev.salvo.Body;
import dev.salvo.Headers;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One exchange for a transport to perform, fully resolved by core: absolute URI with query,
 * every header to send (including Cookie, Authorization, Accept-Encoding and User-Agent), body,
 * and the effective timeouts and caps.
 *
 * <p>The transport adds only what the wire needs (Host, Content-Length or chunked framing,
 * Connection) and must not add Accept-Encoding or decompress.
 *
 * @param method           the method token
 * @param uri              absolute http or https URI, query included
 * @param headers          the headers to send
 * @param body             the body, or null for none
 * @param connectTimeout   the connect timeout for this exchange
 * @param readTimeout      the longest wait between bytes of the response (head and body)
 * @param streamResponse   deliver the body as a live stream instead of buffering it
 * @param maxResponseBytes cap on the raw body when buffering: more fails with BODY_TOO_LARGE
 */
public record TransportRequest(String method, URI uri, Headers headers, Body body, Duration connectTimeout,
                               Duration readTimeout, boolean streamResponse, long maxResponseBytes) {
    public TransportRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /** The effective port: the URI's, else 80 or 443 by scheme. */
    public int port() {
        int p = uri.getPort();
        return p >= 0 ? p : isHttps() ? 443 : 80;
    }

    public boolean isHttps() {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
