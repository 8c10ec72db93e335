package dev.salvo.transport.netty;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.spi.ActiveExchanges;
import dev.salvo.spi.Failures;
import dev.salvo.spi.TransportRequest;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

/**
 * Netty's exceptions as {@link SalvoException}s: what only this stack knows first, then
 * {@link Failures#classify}.
 *
 * <ul>
 *   <li>Anything after {@link NettyTransport#close()} began is {@link ErrorType#CLIENT_CLOSED}: the
 *       transport closed the connection itself.
 *   <li>A TLS handshake that outlives the connect timeout ({@link SslHandshakeTimeoutException}, an
 *       {@code SSLException}) is {@link ErrorType#CONNECT_TIMEOUT}: the connect timeout covers TCP and TLS.
 * </ul>
 * Malformed responses (bad status line, bad chunk, headers over the limit) are reported by the
 * codec as failed decoder results; {@link Exchange} turns those into {@link ErrorType#PROTOCOL} itself,
 * through {@link dev.salvo.spi.WireRules} like every other broken rule of the wire.
 */
final class NettyFailures {
    private NettyFailures() {
    }

    static SalvoException classify(Throwable t, TransportRequest request, Failures.Phase phase, boolean transportClosed) {
        Throwable e = Failures.unwrap(t);
        if (e instanceof SalvoException se) {
            return se;
        }
        if (transportClosed) {
            return ActiveExchanges.closedInProgress(request, e);
        }
        String where = " (" + request + ")";
        if (Failures.find(e, SslHandshakeTimeoutException.class) != null) {
            return new SalvoException(ErrorType.CONNECT_TIMEOUT, "TLS handshake not done within the connect timeout: "
                    + e.getMessage() + where, e);
        }
        return Failures.classify(e, request, phase);
    }

    /** The connection ended without an exception: before the head that is a reset, inside the body a truncated body. */
    static SalvoException closed(TransportRequest request, Failures.Phase phase, boolean transportClosed) {
        if (transportClosed) {
            return ActiveExchanges.closedInProgress(request, null);
        }
        String where = " (" + request + ")";
        return switch (phase) {
            case CONNECT -> new SalvoException(ErrorType.CONNECT_REFUSED, "the connection closed while connecting" + where);
            case AWAIT_HEAD -> new SalvoException(ErrorType.CONNECTION_RESET,
                    "the server closed the connection before sending a response head" + where);
            case BODY -> new SalvoException(ErrorType.PROTOCOL, "the server closed the connection before the body ended"
                    + " (truncated body)" + where);
        };
    }

    static SalvoException readTimeout(TransportRequest request, long timeoutNanos, Failures.Phase phase) {
        return new SalvoException(ErrorType.READ_TIMEOUT, "no byte of the response for " + timeoutNanos / 1_000_000
                + " ms, the read timeout (" + (phase == Failures.Phase.BODY ? "inside the body" : "waiting for the head")
                + ") (" + request + ")");
    }

    static SalvoException noConnectionFree(TransportRequest request, HostPool host) {
        return new SalvoException(ErrorType.CONNECT_TIMEOUT, "no connection to " + host.hostHeader
                + " became free within the connect timeout of " + request.connectTimeout() + " (limits: "
                + host.pool.maxPerHost + " per host, " + host.pool.maxTotal + " in all) (" + request + ")");
    }

    static SalvoException cancelled(TransportRequest request) {
        return new SalvoException(ErrorType.CANCELLED, "cancelled (" + request + ")");
    }
}
