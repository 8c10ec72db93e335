package dev.salvo.spi;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A buffered response body collected into one array, within the request's cap: what every
 * transport does with a body it does not stream.
 *
 * <p>Failures are {@link SalvoException}s thrown at once: {@link ErrorType#BODY_TOO_LARGE} for a
 * declared length over the cap (when made) and for a body growing past it (as soon as it does,
 * before anything is copied), {@link ErrorType#PROTOCOL} for a body that ends short of its
 * declared length ({@link #readAll}). The cap is the request's
 * {@link TransportRequest#maxResponseBytes()}, and never more than the largest array the VM
 * allocates.
 *
 * <p>Memory: nothing is allocated until the first byte; then the declared length (so that the
 * result needs no final copy), but at most {@value #MAX_INITIAL} bytes up front whatever the head
 * says, so that a lying {@code Content-Length} cannot reserve memory the body never fills; the
 * array grows (doubling, towards the declared length or the cap) from there.
 *
 * <p>Not thread-safe: one stack thread fills it, as the body's bytes arrive in order.
 */
public final class CappedBody {
    /** The largest array the VM reliably allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    /** Allocated up front at most, whatever the Content-Length says. */
    static final int MAX_INITIAL = 4 << 20;
    private static final int MIN_GROWTH = 8192;
    private static final byte[] EMPTY = new byte[0];

    private final TransportRequest request;
    private final long cap;
    private final long declared;
    private byte[] buffer;
    private int size;

    /**
     * A body for {@code request} of {@code declared} bytes by its head (-1: unknown; 0 for a
     * response that has none), capped by the request's {@code maxResponseBytes}.
     *
     * @throws SalvoException BODY_TOO_LARGE when the declared length is over the cap
     */
    public static CappedBody of(TransportRequest request, long declared) {
        return new CappedBody(request, request.maxResponseBytes(), declared);
    }

    /**
     * As {@link #of}, with {@code cap} bytes at most (negative: no cap but the VM's largest array).
     *
     * @throws SalvoException BODY_TOO_LARGE when the declared length is over the cap
     */
    public CappedBody(TransportRequest request, long cap, long declared) {
        this.request = request;
        this.cap = cap < 0 ? MAX_ARRAY : Math.min(cap, MAX_ARRAY);
        this.declared = declared;
        if (declared > this.cap) {
            throw WireRules.bodyTooLarge(request, this.cap, declared);
        }
    }

    /**
     * Room for {@code n} more bytes: returns where they go in {@link #array()}, which the caller
     * fills at once.
     *
     * @throws SalvoException BODY_TOO_LARGE when they would take the body past the cap
     */
    public int claim(int n) {
        long needed = (long) size + n;
        if (needed > cap) {
            throw WireRules.bodyTooLarge(request, cap);
        }
        if (buffer == null || needed > buffer.length) {
            grow(needed);
        }
        int at = size;
        size = (int) needed;
        return at;
    }

    /** The array {@link #claim} made room in; valid until the next claim. */
    public byte[] array() {
        return buffer;
    }

    /** Copies what remains in {@code src} in (see {@link #claim}). */
    public void append(ByteBuffer src) {
        int n = src.remaining();
        if (n > 0) {
            int at = claim(n);
            src.get(buffer, at, n);
        }
    }

    /**
     * Reads {@code in} up to the declared length (or, with none, to its end) and returns the body.
     *
     * @throws SalvoException BODY_TOO_LARGE as soon as the body passes the cap; PROTOCOL when
     *     {@code in} ends before the declared length
     * @throws IOException as {@code in} throws it
     */
    public byte[] readAll(InputStream in) throws IOException {
        while (size != declared) {
            if (buffer == null || size == buffer.length) {
                if (size >= cap) {
                    if (in.read() < 0) {
                        break;
                    }
                    throw WireRules.bodyTooLarge(request, cap);
                }
                grow(size + 1L);
            }
            int n = in.read(buffer, size, buffer.length - size);
            if (n < 0) {
                break;
            }
            size += n;
        }
        if (size < declared) {
            throw WireRules.protocol(request, "the response body ended after " + size + " of its " + declared
                    + " bytes");
        }
        return toArray();
    }

    /** Bytes in the body so far. */
    public int size() {
        return size;
    }

    /** The body: the array itself when it is exactly full (the usual case with a Content-Length). */
    public byte[] toArray() {
        if (buffer == null) {
            return EMPTY;
        }
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    /** Makes the array at least {@code needed} bytes long (needed is within the cap). */
    private void grow(long needed) {
        if (buffer == null) {
            long first = declared >= needed ? declared : Math.max(needed, MIN_GROWTH);
            buffer = new byte[(int) Math.min(Math.min(first, cap), Math.max(needed, MAX_INITIAL))];
            return;
        }
        long limit = declared >= needed ? declared : cap;
        long grown = Math.max(needed, Math.min(limit, Math.max(MIN_GROWTH, (long) buffer.length * 2)));
        buffer = Arrays.copyOf(buffer, (int) grown);
    }
}
