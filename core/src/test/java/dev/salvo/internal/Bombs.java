package dev.salvo.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Hostile compressed bodies for tests, made in memory, and a measure of what decoding them
 * allocates.
 *
 * <p>A bomb of {@code n} MiB of zeros is built from two deflate blocks: one compressing the first
 * MiB, and one compressing a MiB that follows a MiB of zeros, flushed to a byte boundary. The
 * second block only refers back into zeros, so it decodes to a MiB of zeros wherever it follows
 * zeros, and repeating it n - 1 times gives a valid stream: a GiB in about a MiB, made in
 * milliseconds rather than the seconds it takes to deflate a GiB.
 */
public final class Bombs {
    /** One GiB, the size of the bombs. */
    public static final long GIB = 1L << 30;
    private static final int MIB = 1 << 20;

    private Bombs() {
    }

    /** A gzip member whose content is {@code bytes} zeros ({@code bytes} a multiple of a MiB). */
    public static byte[] gzipZeros(long bytes) {
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[MIB];
        for (long i = 0; i < bytes / MIB; i++) {
            crc.update(zeros);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff}, 0, 10);
        writeDeflatedZeros(out, bytes);
        writeLittleEndian(out, crc.getValue());
        writeLittleEndian(out, bytes & 0xffffffffL);
        return out.toByteArray();
    }

    /** A zlib stream (HTTP's "deflate") whose content is {@code bytes} zeros ({@code bytes} a multiple of a MiB). */
    public static byte[] zlibZeros(long bytes) {
        Adler32 adler = new Adler32();
        byte[] zeros = new byte[MIB];
        for (long i = 0; i < bytes / MIB; i++) {
            adler.update(zeros);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        out.write(0xda);
        writeDeflatedZeros(out, bytes);
        long a = adler.getValue();
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (a >>> shift) & 0xff);
        }
        return out.toByteArray();
    }

    private static void writeDeflatedZeros(ByteArrayOutputStream out, long bytes) {
        if (bytes % MIB != 0 || bytes < MIB) {
            throw new IllegalArgumentException("bytes: a positive multiple of a MiB, got " + bytes);
        }
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[MIB];
        byte[] first = deflate(d, zeros, Deflater.SYNC_FLUSH);
        byte[] next = deflate(d, zeros, Deflater.SYNC_FLUSH);
        d.setInput(new byte[0]);
        d.finish();
        byte[] last = deflate(d, new byte[0], Deflater.NO_FLUSH);
        d.end();
        out.write(first, 0, first.length);
        for (long i = 1; i < bytes / MIB; i++) {
            out.write(next, 0, next.length);
        }
        out.write(last, 0, last.length);
    }

    private static byte[] deflate(Deflater d, byte[] input, int flush) {
        if (!d.finished()) {
            d.setInput(input);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        while (true) {
            int n = d.deflate(buf, 0, buf.length, flush);
            out.write(buf, 0, n);
            if (d.finished() || (n < buf.length && d.needsInput())) {
                return out.toByteArray();
            }
        }
    }

    /** {@code content} gzipped. */
    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code n} pseudo-random bytes: content no coding can shrink. */
    public static byte[] noise(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < n; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    /** {@code content} gzipped without compression (stored blocks): as large as the content, and quick to make. */
    public static byte[] gzipStored(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 1024);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.NO_COMPRESSION);
            }
        }) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A gzip member carrying a comment of {@code commentBytes} bytes before content {@code text}:
     * a large stream that decodes to almost nothing.
     */
    public static byte[] gzipWithComment(int commentBytes, byte[] text) {
        byte[] plain = gzip(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream(commentBytes + plain.length + 1);
        out.write(plain, 0, 3);
        out.write(plain[3] | 0x10); // FLG.FCOMMENT
        out.write(plain, 4, 6);
        byte[] comment = new byte[commentBytes];
        Arrays.fill(comment, (byte) 'c');
        out.write(comment, 0, comment.length);
        out.write(0);
        out.write(plain, 10, plain.length - 10);
        return out.toByteArray();
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    /** What {@code action} returned and the heap bytes the calling thread allocated while it ran. */
    public record Measured<T>(T value, Throwable thrown, long allocated) {
    }

    /** Runs {@code action} on this thread, counting the heap bytes it allocates; what it throws is kept. */
    public static <T> Measured<T> allocation(Supplier<T> action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        long before = threads.getCurrentThreadAllocatedBytes();
        T value = null;
        Throwable thrown = null;
        try {
            value = action.get();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Measured<>(value, thrown, threads.getCurrentThreadAllocatedBytes() - before);
    }
}
