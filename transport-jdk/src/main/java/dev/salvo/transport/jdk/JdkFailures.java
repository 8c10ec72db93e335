package dev.salvo.transport.jdk;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.spi.Failures;
import dev.salvo.spi.TransportRequest;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;

/**
 * The JDK client's exceptions as {@link SalvoException}s: what only this stack knows first, then
 * {@link Failures#classify}.
 *
 * <ul>
 *   <li>A name that did not resolve shows up as a {@link ConnectException} caused by an
 *       {@link UnresolvedAddressException}: {@link ErrorType#UNKNOWN_HOST}, whatever wraps it.
 *   <li>A {@link ConnectException} or {@link SSLHandshakeException} anywhere in the chain means the
 *       failure happened while connecting, whatever else was going on.
 *   <li>"Too few bytes returned by the publisher" and its sibling mean the request body did not
 *       match its declared length: {@link ErrorType#REQUEST_BODY}.
 *   <li>"Unexpected content length header with 204 response" is the JDK client refusing a 204
 *       with a Content-Length (RFC 9110 section 8.6 forbids it) before the transport sees the head:
 *       {@link ErrorType#PROTOCOL}.
 *   <li>An IllegalArgumentException is the JDK client refusing the request
 *       ({@link ErrorType#INVALID_REQUEST}) before the head arrived, and failing to read the head
 *       (a Content-Length it cannot parse) after: {@link ErrorType#PROTOCOL}.
 * </ul>
 */
final class JdkFailures {
    private JdkFailures() {
    }

    static SalvoException classify(Throwable t, TransportRequest request, boolean headArrived) {
        Throwable e = Failures.unwrap(t);
        if (e instanceof SalvoException se) {
            return se;
        }
        String where = " (" + request + ")";
        if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
            return new SalvoException(ErrorType.UNKNOWN_HOST, "cannot resolve host '" + request.uri().getHost() + "'" + where, e);
        }
        if (e instanceof IllegalArgumentException) {
            return headArrived
                    ? new SalvoException(ErrorType.PROTOCOL, "the JDK client cannot read the response head: "
                            + Failures.describe(e) + where, e)
                    : new SalvoException(ErrorType.INVALID_REQUEST, "the JDK client refuses this request: "
                            + e.getMessage() + where, e);
        }
        if (isContentLengthOn204(e)) {
            // the JDK's own check, before the transport sees the head; it closes the connection
            return new SalvoException(ErrorType.PROTOCOL, "the response is a 204 with a Content-Length: " + Failures.describe(e)
                    + where, e);
        }
        if (isBodyLengthMismatch(e)) {
            return new SalvoException(ErrorType.REQUEST_BODY, "the request body did not match its length: " + e.getMessage() + where, e);
        }
        Failures.Phase phase;
        if (headArrived) {
            phase = Failures.Phase.BODY;
        } else if (has(e, SSLHandshakeException.class)) {
            return new SalvoException(ErrorType.TLS, Failures.describe(Failures.find(e, SSLHandshakeException.class)) + where, e);
        } else if (has(e, ConnectException.class)) {
            phase = Failures.Phase.CONNECT;
        } else {
            phase = Failures.Phase.AWAIT_HEAD;
        }
        return Failures.classify(e, request, phase);
    }

    private static boolean isContentLengthOn204(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("unexpected content length header with 204 response")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBodyLengthMismatch(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("bytes returned by the publisher") || m.contains("too many bytes in request body")) {
                return true;
            }
        }
        return false;
    }

    static boolean has(Throwable e, Class<? extends Throwable> type) {
        return Failures.find(e, type) != null;
    }
}
