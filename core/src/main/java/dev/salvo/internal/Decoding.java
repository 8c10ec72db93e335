package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Content-Encoding decoding (gzip, deflate in zlib or raw form) with a cap on the decoded size,
 * so a small compressed body cannot expand into gigabytes ("zip bomb").
 */
public final class Decoding {
    /** What Salvo asks for when the user has not set Accept-Encoding. */
    public static final String ACCEPT_ENCODING = "gzip, deflate";

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

    /** The decoded body; {@code raw} itself when there is nothing to decode. */
    public static byte[] decode(String contentEncoding, byte[] raw, long cap) {
        if (raw.length == 0 || !decodes(contentEncoding)) {
            return raw;
        }
        try (InputStream in = decode(contentEncoding, new ByteArrayInputStream(raw), cap)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, raw.length * 4));
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw asSalvo(e, contentEncoding);
        }
    }

    /**
     * A stream decoding {@code raw}; reads past the cap throw an IOException whose cause is a
     * {@link SalvoException} of type {@link ErrorType#BODY_TOO_LARGE}.
     */
    public static InputStream decode(String contentEncoding, InputStream raw, long cap) {
        if (!decodes(contentEncoding)) {
            return raw;
        }
        InputStream in = raw;
        String[] codings = contentEncoding.split(",");
        for (int i = codings.length - 1; i >= 0; i--) {
            String c = codings[i].trim().toLowerCase(Locale.ROOT);
            if (c.equals("gzip") || c.equals("x-gzip")) {
                in = new LazyDecoder(in, true, c);
            } else if (c.equals("deflate")) {
                in = new LazyDecoder(in, false, c);
            }
        }
        return new CappedInputStream(in, cap, "decompressed body");
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

    /** Fails reads once more than {@code cap} bytes have been produced. */
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

        private void check(int n) throws IOException {
            count += n;
            if (count > cap) {
                throw new IOException(what + " exceeds the cap of " + cap + " bytes",
                        new SalvoException(ErrorType.BODY_TOO_LARGE, what + " exceeds the cap of " + cap + " bytes"));
            }
        }
    }
}
