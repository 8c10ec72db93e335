package dev.salvo.spi;

import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;

/**
 * A streamed request body as a transport reads it to send it: the user's stream, opened once per
 * send, whose every failure is reported to the exchange before the stack sees it, so that the
 * exchange fails with {@link ErrorType#REQUEST_BODY} ({@link #failure}) rather than with whatever
 * the stack makes of a write that stopped.
 *
 * <p>Failures reported (and then thrown, as the IOException the report returns): the body cannot
 * be opened or its stream is null; a read throws; and, with a declared length, more bytes than it
 * or an end before it. Not thread-safe: the one thread writing the request reads it.
 */
public final class RequestBodyStream extends InputStream {
    private final InputStream in;
    private final long declared;
    private final Function<Throwable, IOException> failed;
    private long count;

    private RequestBodyStream(InputStream in, long declared, Function<Throwable, IOException> failed) {
        this.in = in;
        this.declared = declared;
        this.failed = failed;
    }

    /**
     * Opens {@code body}'s stream.
     *
     * @param declared the length sent in the head, which the stream must match; -1 for none (chunked,
     *                 or a stack that checks the length itself)
     * @param failed   reports a failure to the exchange and returns it as the IOException to throw
     *                 (for a {@link TransportExchange}: its {@code requestBodyFailed})
     * @throws IOException what {@code failed} returned, when the body cannot be opened
     */
    public static RequestBodyStream open(Body body, long declared, Function<Throwable, IOException> failed)
            throws IOException {
        Objects.requireNonNull(failed, "failed");
        InputStream in;
        try {
            in = body.openStream();
            if (in == null) {
                throw new IOException("the body's stream is null");
            }
        } catch (IOException | RuntimeException e) {
            throw failed.apply(e);
        }
        return new RequestBodyStream(in, declared, failed);
    }

    /** {@code e} as an IOException: itself, or one caused by it. */
    public static IOException asIOException(Throwable e) {
        return e instanceof IOException io ? io : new IOException("the request body failed: " + e, e);
    }

    /** The failure of an exchange whose request body could not be read: {@link ErrorType#REQUEST_BODY}. */
    public static SalvoException failure(TransportRequest request, Throwable cause) {
        return new SalvoException(ErrorType.REQUEST_BODY, "the request body could not be read: "
                + Failures.describe(cause) + " (" + request + ")", cause);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw failed.apply(e);
        }
        if (n < 0) {
            if (declared >= 0 && count != declared) {
                throw failed.apply(new IOException("the body has " + count + " bytes, not its declared length of "
                        + declared));
            }
            return n;
        }
        count += n;
        if (declared >= 0 && count > declared) {
            throw failed.apply(new IOException("the body has more bytes than its declared length of " + declared));
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
