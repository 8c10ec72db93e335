package dev.salvo.transport.okhttp;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.spi.Failures;
import dev.salvo.spi.TransportRequest;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OkHttp's exceptions as {@link SalvoException}s: what only this stack knows first, then
 * {@link Failures#classify}.
 *
 * <ul>
 *   <li>A response head OkHttp cannot read as lines within its 256 KiB header limit: OkHttp
 *       reports it like a connection that ended ("unexpected end of stream", caused by an okio
 *       {@link EOFException} "\n not found: limit=N ..."), but with N &gt; 0 bytes of an unfinished
 *       line in hand. That is {@link ErrorType#PROTOCOL}; with N = 0 the peer closed before
 *       sending anything, {@link ErrorType#CONNECTION_RESET}.
 *   <li>An okio timeout that is not a socket timeout (an {@link InterruptedIOException}
 *       "timeout", from a stalled write) is {@link ErrorType#READ_TIMEOUT}: the connection stalled.
 * </ul>
 */
final class OkHttpFailures {
    private static final Pattern LINE_LIMIT = Pattern.compile("\\\\n not found: limit=(\\d+)");

    private OkHttpFailures() {
    }

    static SalvoException classify(Throwable e, TransportRequest request, Failures.Phase phase) {
        String where = " (" + request + ")";
        if (phase != Failures.Phase.BODY && isUnfinishedHeadLine(e)) {
            return new SalvoException(ErrorType.PROTOCOL, "the response head is malformed or exceeds OkHttp's "
                    + "header size limit: " + Failures.describe(e) + where, e);
        }
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)
                && "timeout".equals(e.getMessage())) {
            return new SalvoException(ErrorType.READ_TIMEOUT, "the connection stalled longer than the read timeout"
                    + where, e);
        }
        return Failures.classify(e, request, phase);
    }

    private static boolean isUnfinishedHeadLine(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof EOFException && c.getMessage() != null) {
                Matcher m = LINE_LIMIT.matcher(c.getMessage());
                if (m.find() && !m.group(1).equals("0")) {
                    return true;
                }
            }
        }
        return false;
    }
}
