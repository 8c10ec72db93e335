package dev.salvo.transport.okhttp;

import dev.salvo.SalvoException;
import dev.salvo.spi.BodyStream;
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
final class ResponseStream extends BodyStream {
    private final OkHttpExchange exchange;
    private final Response response;
    private final InputStream in;
    private final ReentrantLock lock = new ReentrantLock();

    // guarded by lock
    /** Bytes still to come by the head's Content-Length; -1 when it has none. */
    private long remaining;
    private boolean bodyClosed;

    /** @param declared the body's length by its head (0 for a response that has none), or -1 */
    ResponseStream(OkHttpExchange exchange, Response response, long declared) {
        super(exchange.request());
        this.exchange = exchange;
        this.response = response;
        this.remaining = declared;
        this.in = response.body().byteStream();
    }

    @Override
    protected int readBody(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            if (isClosed()) {
                throw new IOException("stream closed");
            }
            SalvoException failure = failure();
            if (failure != null) {
                throw thrown(failure);
            }
            if (hasEnded()) {
                return -1;
            }
            int n;
            try {
                n = remaining == 0 ? -1 : in.read(b, off, remaining < 0 ? len : (int) Math.min(len, remaining));
                if (n < 0 && remaining > 0) {
                    throw WireRules.protocol(request, "the response body ended " + remaining
                            + " bytes short of its Content-Length");
                }
            } catch (IOException | RuntimeException e) {
                SalvoException reason = failure() != null ? failure() : exchange.fail(e);
                closeBody();
                throw thrown(reason);
            }
            if (n < 0) {
                markEnded();
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
            return isClosed() || hasEnded() || bodyClosed || failure() != null ? 0 : in.available();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void onClose(boolean early) {
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
