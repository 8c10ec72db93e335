package dev.salvo.transport.okhttp;

import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.WireRules;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a buffered response body into one array, within the request's cap, allocating for the
 * declared length only up to a bound so that a lying {@code Content-Length} cannot make it reserve
 * memory the body never fills. It reads no byte past the declared length.
 */
final class BufferedBody {
    /** The largest array the VM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    /** Allocated up front at most, whatever the Content-Length says; the array grows from there. */
    private static final int MAX_INITIAL = 4 << 20;

    private BufferedBody() {
    }

    /**
     * Reads a body of {@code declared} bytes (-1: to the end of {@code in}), up to the request's
     * cap. Throws {@code BODY_TOO_LARGE} for a declared length over the cap at once and for a body
     * growing past it as soon as it does, and {@code PROTOCOL} for a body that ends short of its
     * declared length.
     */
    static byte[] read(InputStream in, long declared, TransportRequest request) throws IOException {
        long cap = request.maxResponseBytes() < 0 ? MAX_ARRAY : Math.min(request.maxResponseBytes(), MAX_ARRAY);
        if (declared > cap) {
            throw WireRules.bodyTooLarge(request, cap, declared);
        }
        byte[] buf = new byte[(int) Math.min(declared >= 0 ? declared : 8192, Math.min(cap, MAX_INITIAL))];
        int size = 0;
        while (size != declared) {
            if (size == buf.length) {
                if (size >= cap) {
                    if (in.read() < 0) {
                        break;
                    }
                    throw WireRules.bodyTooLarge(request, cap);
                }
                long limit = declared > size ? declared : cap;
                buf = Arrays.copyOf(buf, (int) Math.max(size + 1L, Math.min(limit, Math.max(8192L, size * 2L))));
            }
            int n = in.read(buf, size, buf.length - size);
            if (n < 0) {
                break;
            }
            size += n;
        }
        if (size < declared) {
            // only where OkHttp read the length as unknown and so took the end of the stream as the end
            throw WireRules.protocol(request, "the response body ended after " + size + " of its " + declared
                    + " bytes");
        }
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}
