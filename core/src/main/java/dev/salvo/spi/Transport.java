package dev.salvo.spi;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP stack, doing one HTTP exchange at a time per call and nothing more: no redirects,
 * retries, cookies or decompression (core owns those; a transport switches its stack's own off).
 *
 * <p>Contract, checked by the conformance kit:
 * <ul>
 *   <li>{@link #exchange} never blocks the caller and never runs user code; the future fails
 *       with a {@link dev.salvo.SalvoException} whose type names the fault (see {@link Failures}).
 *   <li>Cancelling the returned future aborts the exchange and frees its connection.
 *   <li>No hidden limit: the stack's own caps on connections and requests per host are raised
 *       to {@link TransportConfig#maxConnections()} and {@link TransportConfig#maxConnectionsPerHost()}.
 *   <li>One stack client per transport instance, never one per request.
 *   <li>{@link #close()} ends every thread and socket the transport started; a second call is a no-op.
 * </ul>
 */
public interface Transport extends AutoCloseable {

    /** Sends one request and returns its response head and body (buffered or streaming, as asked). */
    CompletableFuture<TransportResponse> exchange(TransportRequest request);

    /** What this transport can do beyond the baseline; the kit skips tests needing what is absent. */
    Set<Capability> capabilities();

    @Override
    void close();
}
