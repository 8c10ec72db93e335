package dev.salvo.spi;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The {@link TransportResponse#stream() stream} of a streamed response body, as every transport
 * hands it to core: the contract is here, a stack's way of getting the bytes in a subclass
 * ({@link QueuedBodyStream} for stacks that push the body, a transport's own for one it pulls from).
 *
 * <p>Contract: every failure (the exchange failing, a read timeout, a body cut short, the transport
 * closing) is thrown by {@code read} as an {@link IOException} whose cause is the
 * {@link SalvoException} naming it; after {@link #close()}, {@code read} throws
 * {@code IOException("stream closed")}. Closing before the end aborts the exchange (its connection
 * is closed, never reused: {@link #closedEarly}); reading to the end lets the stack keep the
 * connection. Closing twice is a no-op.
 */
public abstract class BodyStream extends InputStream {
    /** The request whose response this is, named in failures. */
    protected final TransportRequest request;
    private volatile boolean closed;
    private volatile boolean ended;
    private volatile SalvoException error;

    protected BodyStream(TransportRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        return readBody(b, off, len);
    }

    /** Reads at least one byte into {@code b} (blocking), or -1 at the end; {@code len} is at least 1. */
    protected abstract int readBody(byte[] b, int off, int len) throws IOException;

    /**
     * Closes the stream, once. Before the end (and with no failure) that is an early close: the
     * subclass then aborts the exchange with {@link #closedEarly}.
     */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose(!ended && error == null);
    }

    /** The reader closed the stream: release what is held, and when {@code early}, abort the exchange. */
    protected abstract void onClose(boolean early);

    /**
     * The exchange failed: reads throw {@code e} (once the bytes already here are read, where the
     * subclass holds any). No-op once the body ended or failed.
     */
    public final void fail(SalvoException e) {
        Objects.requireNonNull(e, "e");
        if (!ended && error == null) {
            error = e;
            onFail();
        }
    }

    /** Called once by {@link #fail}: wake a blocked reader. */
    protected void onFail() {
    }

    /** The body is complete: reads return -1 once the bytes here are read. */
    protected final void markEnded() {
        ended = true;
    }

    protected final boolean hasEnded() {
        return ended;
    }

    protected final boolean isClosed() {
        return closed;
    }

    /** The failure reads throw, or null. */
    protected final SalvoException failure() {
        return error;
    }

    /** {@code e} as the reader sees it: an IOException caused by it. */
    protected static IOException thrown(SalvoException e) {
        return new IOException(e.getMessage(), e);
    }

    /** The failure of an exchange whose stream was closed before its end: {@link ErrorType#CANCELLED}. */
    public static SalvoException closedEarly(TransportRequest request) {
        return new SalvoException(ErrorType.CANCELLED, "the response stream was closed before its end (" + request + ")");
    }

    /** The failure of a read that waited longer than the read timeout for the next byte. */
    public static SalvoException readTimeout(TransportRequest request, long timeoutNanos) {
        return new SalvoException(ErrorType.READ_TIMEOUT, "no byte of the response body for " + timeoutNanos / 1_000_000
                + " ms, the read timeout (" + request + ")");
    }
}
