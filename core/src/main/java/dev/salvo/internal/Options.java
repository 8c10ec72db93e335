package dev.salvo.internal;

import dev.salvo.Request;
import dev.salvo.Retry;
import dev.salvo.SalvoConfig;
import java.time.Duration;

/**
 * Every per-request option in effect for one request, resolved once before it starts. This is
 * the one place the fallback is written: each option comes from the request where it sets it,
 * else from its batch, else from its session, else from the client.
 *
 * <p>Not every layer can set every option:
 * <table>
 *   <caption>Who sets what</caption>
 *   <tr><th>option</th><th>request</th><th>batch</th><th>session</th><th>client</th></tr>
 *   <tr><td>retry policy</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>streaming</td><td>yes</td><td>yes</td><td></td><td></td></tr>
 *   <tr><td>attempt, total, connect and read timeouts</td><td>yes</td><td></td><td></td><td>yes</td></tr>
 *   <tr><td>following redirects, their limit</td><td>yes</td><td></td><td></td><td>yes</td></tr>
 *   <tr><td>raw and decompressed body caps</td><td></td><td></td><td></td><td>yes</td></tr>
 * </table>
 * Streaming is asked for, never refused: a request streams if it or its batch asks to.
 *
 * <p>Resolution is two steps so that a request setting none of its options costs nothing:
 * {@link #under} resolves the layers under the request once (per batch, or per client), and
 * {@link #of} lays one request over them, returning the same value when it sets nothing.
 *
 * @param stream                  whether the response body is streamed rather than buffered
 * @param retry                   the retry policy
 * @param attemptTimeout          the limit on one attempt, redirects included, or null for none
 * @param totalTimeout            the limit across every attempt and backoff, or null for none
 * @param connectTimeout          the transport's connect timeout, or null for the transport's
 * @param readTimeout             the transport's read (idle) timeout, or null for the transport's
 * @param followRedirects         whether redirects are followed
 * @param maxRedirects            how many redirects one attempt follows at most
 * @param maxResponseBodySize     the cap on a body as it comes off the wire
 * @param maxDecompressedBodySize the cap on a body once decompressed
 */
record Options(boolean stream, Retry retry, Duration attemptTimeout, Duration totalTimeout, Duration connectTimeout,
               Duration readTimeout, boolean followRedirects, int maxRedirects, long maxResponseBodySize,
               long maxDecompressedBodySize) {

    /**
     * The options of the layers under a request: the batch's, else the session's, else the
     * client's.
     *
     * @param sessionRetry the session's retry policy, or null
     * @param batchRetry   the batch's retry policy, or null (also when there is no batch)
     * @param batchStream  whether the batch streams its responses (false when there is no batch)
     */
    static Options under(SalvoConfig client, Retry sessionRetry, Retry batchRetry, boolean batchStream) {
        Retry retry = batchRetry != null ? batchRetry : sessionRetry != null ? sessionRetry : client.retry();
        return new Options(batchStream, retry, client.requestTimeout(), client.totalTimeout(), client.connectTimeout(),
                client.readTimeout(), client.followRedirects(), client.maxRedirects(), client.maxResponseBodySize(),
                client.maxDecompressedBodySize());
    }

    /** The options of {@code request}: its own where it sets them, else these; these themselves when it sets none. */
    Options of(Request request) {
        if (!request.stream() && request.retry() == null && request.timeout() == null && request.totalTimeout() == null
                && request.connectTimeout() == null && request.readTimeout() == null
                && request.followRedirects() == null && request.maxRedirects() == null) {
            return this;
        }
        return new Options(stream || request.stream(), or(request.retry(), retry), or(request.timeout(), attemptTimeout),
                or(request.totalTimeout(), totalTimeout), or(request.connectTimeout(), connectTimeout),
                or(request.readTimeout(), readTimeout), or(request.followRedirects(), followRedirects),
                or(request.maxRedirects(), maxRedirects), maxResponseBodySize, maxDecompressedBodySize);
    }

    private static <T> T or(T own, T under) {
        return own != null ? own : under;
    }
}
