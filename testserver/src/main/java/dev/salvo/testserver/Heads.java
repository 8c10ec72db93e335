package dev.salvo.testserver;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one HTTP/1.1 message head off a bare byte stream, for tests that speak HTTP on a raw socket
 * (this server's own tests, and the conformance kit's {@code RawPeer}).
 *
 * <p>The head is taken byte for byte as ISO-8859-1, so a bare CR, a NUL or any other control byte
 * shows as it came; nothing is parsed or checked. Only CR LF CR LF ends a head: a bare LF does not.
 * The head is not bounded: the peer at the other end is a test's own.
 */
public final class Heads {
    private static final byte[] END = {'\r', '\n', '\r', '\n'};

    private Heads() {
    }

    /**
     * The bytes of {@code in} up to and including the blank line that ends a head; the stream is left
     * at the first byte after it (a body, if any, is not read).
     *
     * @throws EOFException if the stream ends before the blank line, at its first byte too; the
     *         message holds what was read
     * @throws IOException as {@code in} throws it
     */
    public static String read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < END.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the stream ended after " + head.size() + " bytes of a head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = b == END[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
