package dev.salvo.testserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** gzip / zlib / raw deflate helpers, including cheap gzip and zlib "bomb" generators. */
final class Compression {

    /** Zero bytes covered by one precomputed deflate segment. */
    private static final int SEGMENT = 1 << 20;
    private static final byte[] ZEROS_SEGMENT = new byte[SEGMENT];
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** CMF 0x78 (deflate, 32 KiB window), FLG 0xDA (best compression, no dictionary, check bits). */
    private static final byte[] ZLIB_HEADER = {0x78, (byte) 0xda};
    private static final long ADLER_MOD = 65521;

    private static volatile byte[] segment;
    private static volatile int segmentCrc;

    private Compression() {
    }

    static byte[] gzip(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 32);
        out.writeBytes(GZIP_HEADER);
        out.writeBytes(deflate(data, true));
        writeTrailer(out, (int) crc.getValue(), data.length);
        return out.toByteArray();
    }

    /** zlib format (RFC 1950), what HTTP calls "deflate". */
    static byte[] zlib(byte[] data) {
        return deflate(data, false);
    }

    /** Raw deflate (RFC 1951) without zlib header, as some broken servers send for "deflate". */
    static byte[] rawDeflate(byte[] data) {
        return deflate(data, true);
    }

    private static byte[] deflate(byte[] data, boolean nowrap) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, nowrap);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /**
     * A gzip member that inflates to {@code size} zero bytes. Built from one precomputed, byte-aligned deflate
     * segment (1 MiB of zeros, full-flushed so it can be repeated verbatim) plus a final block for the rest; the
     * CRC-32 of the zeros is combined arithmetically, so no gigabyte is ever compressed or checksummed.
     */
    static ByteBuf gzipBomb(long size) {
        CompositeByteBuf out = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        out.addComponent(true, Unpooled.wrappedBuffer(GZIP_HEADER));
        out.addComponent(true, deflatedZeros(size));
        int rest = (int) (size % SEGMENT);
        CRC32 restCrc = new CRC32();
        restCrc.update(ZEROS_SEGMENT, 0, rest);
        ByteArrayOutputStream trailer = new ByteArrayOutputStream(8);
        writeTrailer(trailer, zerosCrc(size / SEGMENT, (int) restCrc.getValue(), rest), size);
        out.addComponent(true, Unpooled.wrappedBuffer(trailer.toByteArray()));
        return out;
    }

    /**
     * A zlib stream (RFC 1950, what HTTP calls "deflate") that inflates to {@code size} zero bytes, built like
     * {@link #gzipBomb}. The Adler-32 of n zeros needs no pass over them: its low half stays 1 and its high half is
     * n modulo 65521.
     */
    static ByteBuf zlibBomb(long size) {
        CompositeByteBuf out = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        out.addComponent(true, Unpooled.wrappedBuffer(ZLIB_HEADER));
        out.addComponent(true, deflatedZeros(size));
        long adler = ((size % ADLER_MOD) << 16) | 1;
        out.addComponent(true, Unpooled.buffer(4).writeInt((int) adler));
        return out;
    }

    /** Raw deflate blocks (RFC 1951) of {@code size} zero bytes, the last block final. */
    private static ByteBuf deflatedZeros(long size) {
        ensureSegment();
        long segments = size / SEGMENT;
        int rest = (int) (size % SEGMENT);

        CompositeByteBuf out = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        ByteBuf seg = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(segment));
        // group the repeated segment into ~64 KiB components to keep the composite small
        int perComponent = Math.max(1, 65536 / segment.length);
        byte[] group = repeat(segment, perComponent);
        long remaining = segments;
        while (remaining >= perComponent) {
            out.addComponent(true, Unpooled.wrappedBuffer(group));
            remaining -= perComponent;
        }
        for (long i = 0; i < remaining; i++) {
            out.addComponent(true, seg.duplicate());
        }
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        try {
            d.setInput(ZEROS_SEGMENT, 0, rest);
            d.finish();
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                tail.write(buf, 0, d.deflate(buf));
            }
        } finally {
            d.end();
        }
        out.addComponent(true, Unpooled.wrappedBuffer(tail.toByteArray()));
        return out;
    }

    private static byte[] repeat(byte[] b, int times) {
        byte[] r = new byte[b.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(b, 0, r, i * b.length, b.length);
        }
        return r;
    }

    private static void ensureSegment() {
        if (segment != null) {
            return;
        }
        synchronized (Compression.class) {
            if (segment != null) {
                return;
            }
            Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                d.setInput(ZEROS_SEGMENT);
                byte[] buf = new byte[8192];
                int n;
                // FULL_FLUSH: byte-aligned and no back-references into the previous segment
                do {
                    n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
                    out.write(buf, 0, n);
                } while (n == buf.length || !d.needsInput());
            } finally {
                d.end();
            }
            CRC32 crc = new CRC32();
            crc.update(ZEROS_SEGMENT);
            segmentCrc = (int) crc.getValue();
            segment = out.toByteArray();
        }
    }

    /** CRC-32 of {@code segments} * 1 MiB zeros followed by the {@code rest} zeros whose CRC is {@code restCrc}. */
    private static int zerosCrc(long segments, int restCrc, int rest) {
        // crc of 2^k segments by repeated doubling, combined per set bit of `segments`
        int acc = 0;
        long accLen = 0;
        int power = segmentCrc;
        long powerLen = SEGMENT;
        long s = segments;
        while (s > 0) {
            if ((s & 1) != 0) {
                acc = accLen == 0 ? power : crc32Combine(acc, power, powerLen);
                accLen += powerLen;
            }
            s >>>= 1;
            if (s > 0) {
                power = crc32Combine(power, power, powerLen);
                powerLen <<= 1;
            }
        }
        if (rest == 0) {
            return acc;
        }
        return accLen == 0 ? restCrc : crc32Combine(acc, restCrc, rest);
    }

    /** CRC-32 of A||B from crc(A), crc(B) and len(B), by GF(2) matrix powers of the zero-byte operator. */
    static int crc32Combine(int crc1, int crc2, long len2) {
        if (len2 <= 0) {
            return crc1;
        }
        int[] even = new int[32];
        int[] odd = new int[32];
        odd[0] = 0xedb88320; // reflected CRC-32 polynomial: operator for one zero bit
        int row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        int c = crc1;
        long len = len2;
        do {
            square(even, odd); // first pass: one zero byte
            if ((len & 1) != 0) {
                c = times(even, c);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                c = times(odd, c);
            }
            len >>>= 1;
        } while (len != 0);
        return c ^ crc2;
    }

    private static int times(int[] mat, int vec) {
        int sum = 0;
        int i = 0;
        while (vec != 0) {
            if ((vec & 1) != 0) {
                sum ^= mat[i];
            }
            vec >>>= 1;
            i++;
        }
        return sum;
    }

    private static void square(int[] square, int[] mat) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(mat, mat[n]);
        }
    }

    private static void writeTrailer(ByteArrayOutputStream out, int crc, long size) {
        writeIntLe(out, crc);
        writeIntLe(out, (int) size); // ISIZE is the length modulo 2^32
    }

    private static void writeIntLe(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 24) & 0xFF);
    }
}
