package dev.salvo.spi;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * Maps a stack's exceptions onto {@link ErrorType}s, the same way for every transport. A
 * transport first handles what only its stack knows (for example a codec's "bad chunk" error),
 * then hands the rest here.
 *
 * <p>The one thing a transport must tell is the phase: whether the response head had already
 * arrived. A connection that ends before the head is {@link ErrorType#CONNECTION_RESET}; one that
 * ends inside the body is a truncated body, {@link ErrorType#PROTOCOL}. Once the head has arrived,
 * any other I/O failure that is not a timeout, a TLS failure or a cancellation broke the body's
 * framing (a bad chunk, a reset mid-body, a fixed-length body cut short): {@link ErrorType#PROTOCOL}.
 */
public final class Failures {
    private Failures() {
    }

    /** The phase of an exchange when it failed. */
    public enum Phase {
        /** Connecting, or TLS handshake. */
        CONNECT,
        /** Connected; sending the request or waiting for the response head. */
        AWAIT_HEAD,
        /** The head arrived; reading the body. */
        BODY
    }

    /** {@code t} as a {@link SalvoException}, classified for {@code request} failing in {@code phase}. */
    public static SalvoException classify(Throwable t, TransportRequest request, Phase phase) {
        Throwable e = unwrap(t);
        if (e instanceof SalvoException se) {
            return se;
        }
        String where = request == null ? "" : " (" + request + ")";
        ErrorType type = typeOf(e, phase);
        if (phase == Phase.BODY && (type == ErrorType.IO || type == ErrorType.CONNECTION_RESET)) {
            return new SalvoException(ErrorType.PROTOCOL, "the response body broke off or was malformed: " + describe(e)
                    + where, e);
        }
        return new SalvoException(type, describe(e) + where, e);
    }

    /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static ErrorType typeOf(Throwable e, Phase phase) {
        // Stacks wrap a failed resolution in a ConnectException: look for it first, down the whole chain.
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return ErrorType.UNKNOWN_HOST;
            }
        }
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SalvoException se) {
                return se.type();
            }
            String name = c.getClass().getName();
            String msg = lower(c.getMessage());
            if (name.equals("java.net.http.HttpConnectTimeoutException")
                    || (c instanceof SocketTimeoutException && msg.contains("connect"))
                    || name.endsWith("ConnectTimeoutException")) {
                return ErrorType.CONNECT_TIMEOUT;
            }
            if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
                return msg.contains("timed out") ? ErrorType.CONNECT_TIMEOUT : ErrorType.CONNECT_REFUSED;
            }
            if (c instanceof SocketTimeoutException || name.equals("java.net.http.HttpTimeoutException")
                    || name.endsWith("ReadTimeoutException")) {
                return ErrorType.READ_TIMEOUT;
            }
            if (c instanceof SSLException && !isConnectionEnd(c)) {
                return ErrorType.TLS;
            }
            if (c instanceof java.security.cert.CertificateException) {
                return ErrorType.TLS;
            }
            if (c instanceof ProtocolException) {
                return ErrorType.PROTOCOL;
            }
            if (c instanceof CancellationException) {
                return ErrorType.CANCELLED;
            }
        }
        if (phase == Phase.CONNECT) {
            return e instanceof SSLException ? ErrorType.TLS : ErrorType.CONNECT_REFUSED;
        }
        if (isConnectionEnd(e)) {
            return phase == Phase.BODY ? ErrorType.PROTOCOL : ErrorType.CONNECTION_RESET;
        }
        if (e instanceof InterruptedIOException) {
            return ErrorType.CANCELLED;
        }
        return ErrorType.IO;
    }

    /** The first of {@code e} and its causes that is a {@code type}, or null. */
    public static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** Whether {@code e} (or a cause) says the peer closed or reset the connection. */
    public static boolean isConnectionEnd(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof EOFException || c instanceof ClosedChannelException) {
                return true;
            }
            String msg = lower(c.getMessage());
            if (c instanceof IOException && (msg.contains("connection reset") || msg.contains("broken pipe")
                    || msg.contains("connection closed") || msg.contains("connection was closed")
                    || msg.contains("eof reached") || msg.contains("unexpected end of stream")
                    || msg.contains("received no bytes") || msg.contains("closed by remote")
                    || msg.contains("premature") || msg.contains("reset by peer")
                    || msg.contains("remote host terminated") || msg.contains("unexpected end of file"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code e} in a message: its simple class name, and its message where it has one. */
    public static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
