package dev.salvo.transport.okhttp;

import dev.salvo.SalvoException;
import dev.salvo.spi.WireRules;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.Response;

/**
 * A streaming response body: OkHttp's live body stream, read on the caller's thread.
 *
 * <p>Read timeout: OkHttp's socket read timeout, so only time spent inside {@code read} counts.
 * Every failure (a timeout, a body cut short, a bad chunk, the transport closing) is thrown as an
 * {@link IOException} whose cause is the {@link SalvoException} naming it, and ends the exchange.
 *
 * <p>The body ends after the length its head declares, whatever OkHttp made of the
 * {@code Content-Length} field; a stream that ends before it is {@code PROTOCOL}.
 *
 * <p>Reading to the end lets OkHttp put the connection back in its pool. Closing before the end
 * cancels the call, which closes the connection at once (OkHttp on its own would first try to
 * read and discard the rest).
 *
 * <p>The OkHttp body is read and closed only under {@link #lock}: an okio buffer must not be used
 * by two threads at once, even to close it. When the exchange fails from another thread (the
 * transport closing), the call is cancelled first, which makes a blocked read return, and the
 * body is closed once the reader has let go of it.
 */
final class ResponseStream extends InputStream {
    private final OkHttpExchange exchange;
    private final Response response;
    private final InputStream in;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile SalvoException error;
    private volatile boolean closed;
    // guarded by lock
    private boolean ended;
    /** Bytes still to come by the head's Content-Length; -1 when it has none. */
    private long remaining;
    private boolean bodyClosed;

    /** @param declared the body's length by its head (0 for a response that has none), or -1 */
    ResponseStream(OkHttpExchange exchange, Response response, long declared) {
        this.exchange = exchange;
        this.response = response;
        this.remaining = declared;
        this.in = response.body().byteStream();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            if (closed) {
                throw new IOException("stream closed");
            }
            SalvoException failure = error;
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure);
            }
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n;
            try {
                n = remaining == 0 ? -1 : in.read(b, off, remaining < 0 ? len : (int) Math.min(len, remaining));
                if (n < 0 && remaining > 0) {
                    throw WireRules.protocol(exchange.request(), "the response body ended " + remaining
                            + " bytes short of its Content-Length");
                }
            } catch (IOException | RuntimeException e) {
                SalvoException reason = error != null ? error : exchange.fail(e);
                closeBody();
                throw new IOException(reason.getMessage(), reason);
            }
            if (n < 0) {
                ended = true;
                closeBody();
                exchange.streamEnded();
            } else if (remaining > 0) {
                remaining -= n;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() throws IOException {
        if (!lock.tryLock()) {
            return 0;
        }
        try {
            return closed || ended || bodyClosed || error != null ? 0 : in.available();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean early;
        lock.lock();
        try {
            early = !ended && error == null;
        } finally {
            lock.unlock();
        }
        if (early) {
            exchange.streamClosedEarly(); // cancels the call, then comes back through release()
        }
        lock.lock();
        try {
            closeBody();
        } finally {
            lock.unlock();
        }
    }

    /** The exchange failed: later reads throw {@code e}. Called before the call is cancelled. */
    void failed(SalvoException e) {
        if (error == null) {
            error = e;
        }
    }

    /** The exchange failed and its call is cancelled: closes the body once no read holds it. */
    void release() {
        try {
            if (lock.tryLock(5, TimeUnit.SECONDS)) {
                try {
                    closeBody();
                } finally {
                    lock.unlock();
                }
            }
            // else a read is stuck even though the socket is closed; it closes the body when it fails
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeBody() {
        if (!bodyClosed) {
            bodyClosed = true;
            response.close();
        }
    }
}
