package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Content-Encoding decoding (gzip, deflate in zlib or raw form) with an exact cap on the decoded
 * size, so a small compressed body cannot expand into gigabytes ("zip bomb").
 *
 * <p>Decoding streams: the compressed bytes go through the decoder as they are read, and a
 * buffered body is collected in chunks that never hold more than the cap plus one byte, so the
 * memory a body costs follows what it actually decoded to (never a multiple of its compressed
 * size), and a bomb fails with {@link ErrorType#BODY_TOO_LARGE} as soon as it passes the cap.
 * Stacked codings ({@code gzip, gzip}) stream from one decoder into the next, and every layer's
 * output is capped, so an inner layer cannot make the outer one chew through gigabytes either.
 */
public final class Decoding {
    /** What Salvo asks for when the user has not set Accept-Encoding. */
    public static final String ACCEPT_ENCODING = "gzip, deflate";

    /** The largest array a JVM reliably allocates; a buffered body cannot be larger. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final int FIRST_CHUNK = 8 * 1024;
    private static final int MAX_CHUNK = 1 << 20;
    private static final String DECODED = "decompressed body";

    private Decoding() {
    }

    /** Whether {@code contentEncoding} is one Salvo decodes. */
    public static boolean decodes(String contentEncoding) {
        if (contentEncoding == null) {
            return false;
        }
        for (String coding : contentEncoding.split(",")) {
            String c = coding.trim().toLowerCase(Locale.ROOT);
            if (!c.equals("gzip") && !c.equals("x-gzip") && !c.equals("deflate") && !c.equals("identity")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The decoded body; {@code raw} itself when there is nothing to decode. More than {@code cap}
     * decoded bytes fail with {@link ErrorType#BODY_TOO_LARGE} (exactly {@code cap} pass), a
     * corrupt body with {@link ErrorType#PROTOCOL}.
     */
    public static byte[] decode(String contentEncoding, byte[] raw, long cap) {
        if (raw.length == 0 || !decodes(contentEncoding)) {
            return raw;
        }
        int limit = (int) Math.min(cap, MAX_ARRAY);
        try (InputStream in = decode(contentEncoding, new ByteArrayInputStream(raw), limit)) {
            return readCapped(in, limit);
        } catch (IOException e) {
            throw asSalvo(e, contentEncoding);
        }
    }

    /**
     * All of {@code in}, which fails reads past {@code limit} bytes. Reads go into chunks that
     * start small and double up to {@value #MAX_CHUNK} bytes, and no chunk reaches past
     * {@code limit + 1} bytes in all, so holding the body never takes more than it produced (plus
     * the unused tail of one chunk) and never more than the limit plus one byte, however the
     * stream came to be.
     */
    static byte[] readCapped(InputStream in, int limit) throws IOException {
        List<byte[]> full = new ArrayList<>();
        long room = limit + 1L;
        byte[] chunk = new byte[(int) Math.min(FIRST_CHUNK, room)];
        int used = 0;
        long total = 0;
        while (true) {
            if (used == chunk.length) {
                full.add(chunk);
                room -= chunk.length;
                if (room == 0) {
                    throw tooLarge(limit); // only reached by a stream that does not enforce the limit itself
                }
                chunk = new byte[(int) Math.min(Math.min(2L * chunk.length, MAX_CHUNK), room)];
                used = 0;
            }
            int n = in.read(chunk, used, chunk.length - used);
            if (n < 0) {
                break;
            }
            used += n;
            total += n;
        }
        if (full.isEmpty() && used == chunk.length) {
            return chunk;
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (byte[] c : full) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        System.arraycopy(chunk, 0, out, at, used);
        return out;
    }

    /**
     * A stream decoding {@code raw}; reads past the cap throw an IOException whose cause is a
     * {@link SalvoException} of type {@link ErrorType#BODY_TOO_LARGE}. The output of every coding
     * layer is capped, the inner ones included.
     */
    public static InputStream decode(String contentEncoding, InputStream raw, long cap) {
        if (!decodes(contentEncoding)) {
            return raw;
        }
        InputStream in = raw;
        boolean layered = false;
        String[] codings = contentEncoding.split(",");
        for (int i = codings.length - 1; i >= 0; i--) {
            String c = codings[i].trim().toLowerCase(Locale.ROOT);
            if (c.equals("gzip") || c.equals("x-gzip") || c.equals("deflate")) {
                if (layered) {
                    // buffered: a decoder reads its header byte by byte, and each byte read from the
                    // layer below would otherwise be a call into that layer's inflater
                    in = new BufferedInputStream(new CappedInputStream(in, cap, DECODED), 8192);
                }
                in = new LazyDecoder(in, !c.equals("deflate"), c);
                layered = true;
            }
        }
        return new CappedInputStream(in, cap, DECODED);
    }

    private static InputStream inflater(InputStream in) throws IOException {
        PushbackInputStream p = new PushbackInputStream(in, 2);
        int b0 = p.read();
        if (b0 < 0) {
            return p;
        }
        int b1 = p.read();
        if (b1 >= 0) {
            p.unread(b1);
        }
        p.unread(b0);
        boolean zlib = b1 >= 0 && (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
        return new InflaterInputStream(p, new Inflater(!zlib), 8192);
    }

    private static SalvoException tooLarge(long cap) {
        return new SalvoException(ErrorType.BODY_TOO_LARGE, DECODED + " exceeds the cap of " + cap + " bytes");
    }

    static SalvoException asSalvo(IOException e, String coding) {
        if (e.getCause() instanceof SalvoException se) {
            return se;
        }
        return new SalvoException(ErrorType.PROTOCOL, "could not decode the " + coding + " body: " + e.getMessage(), e);
    }

    /**
     * Starts decoding on the first read, never when the response is built: a streamed body's bytes
     * may not have arrived then (and the building thread may be the one that must receive them).
     * An empty body (HEAD, 204) decodes to nothing. A corrupt body fails reads with an IOException
     * whose cause is a {@link SalvoException} of type {@link ErrorType#PROTOCOL}.
     */
    private static final class LazyDecoder extends InputStream {
        private final InputStream raw;
        private final boolean gzip;
        private final String coding;
        private InputStream decoder;

        LazyDecoder(InputStream raw, boolean gzip, String coding) {
            this.raw = raw;
            this.gzip = gzip;
            this.coding = coding;
        }

        private InputStream decoder() throws IOException {
            if (decoder == null) {
                PushbackInputStream p = new PushbackInputStream(raw, 1);
                int first = p.read();
                if (first < 0) {
                    decoder = p;
                } else {
                    p.unread(first);
                    decoder = gzip ? new GZIPInputStream(p, 8192) : inflater(p);
                }
            }
            return decoder;
        }

        @Override
        public int read() throws IOException {
            try {
                return decoder().read();
            } catch (IOException e) {
                throw typed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return decoder().read(b, off, len);
            } catch (IOException e) {
                throw typed(e);
            }
        }

        private IOException typed(IOException e) {
            return e.getCause() instanceof SalvoException ? e
                    : new IOException("could not decode the " + coding + " body: " + e, asSalvo(e, coding));
        }

        @Override
        public void close() throws IOException {
            if (decoder != null) {
                decoder.close();
            } else {
                raw.close();
            }
        }
    }

    /** Fails reads (and skips) once more than {@code cap} bytes have been produced: exactly {@code cap} pass. */
    public static final class CappedInputStream extends FilterInputStream {
        private final long cap;
        private final String what;
        private long count;

        public CappedInputStream(InputStream in, long cap, String what) {
            super(in);
            this.cap = cap;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                check(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) {
                check(skipped);
            }
            return skipped;
        }

        private void check(long n) throws IOException {
            count += n;
            if (count > cap) {
                String message = what + " exceeds the cap of " + cap + " bytes";
                throw new IOException(message, new SalvoException(ErrorType.BODY_TOO_LARGE, message));
            }
        }
    }
}
