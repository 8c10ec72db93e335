package dev.salvo.transport.netty;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A response body collected into one array, up to a cap: copied once out of the received buffers.
 * With a Content-Length within the cap the array is allocated at that size (at most 4 MiB up front,
 * grown towards it beyond), so the result needs no final copy.
 */
final class BufferedBody {
    private static final byte[] EMPTY = new byte[0];
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final int MAX_INITIAL = 4 << 20;

    private final long cap;
    private final long declared;
    private byte[] buffer;
    private int size;

    /** @param declared the Content-Length, or -1 when there is none */
    BufferedBody(long cap, long declared) {
        this.cap = Math.min(cap, MAX_ARRAY);
        this.declared = declared;
    }

    /** Copies {@code data} in; false when that would pass the cap (nothing is copied then). */
    boolean append(ByteBuf data) {
        int n = data.readableBytes();
        if (n == 0) {
            return true;
        }
        long needed = (long) size + n;
        if (needed > cap) {
            return false;
        }
        if (buffer == null) {
            long first = declared >= needed ? declared : Math.max(needed, 8192);
            buffer = new byte[(int) Math.min(Math.min(first, cap), Math.max(needed, MAX_INITIAL))];
        } else if (needed > buffer.length) {
            long limit = declared >= needed ? declared : cap;
            long grown = Math.max(needed, Math.min(limit, (long) buffer.length * 2));
            buffer = Arrays.copyOf(buffer, (int) grown);
        }
        data.getBytes(data.readerIndex(), buffer, size, n);
        size += n;
        return true;
    }

    byte[] toArray() {
        if (buffer == null) {
            return EMPTY;
        }
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }
}
