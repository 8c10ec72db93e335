package dev.salvo.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CompressionTest {

    @Test
    void crc32CombineMatchesDirectComputation() {
        Random random = new Random(1);
        for (int i = 0; i < 50; i++) {
            byte[] a = new byte[random.nextInt(5000)];
            byte[] b = new byte[random.nextInt(5000) + 1];
            random.nextBytes(a);
            random.nextBytes(b);
            CRC32 ca = new CRC32();
            ca.update(a);
            CRC32 cb = new CRC32();
            cb.update(b);
            CRC32 all = new CRC32();
            all.update(a);
            all.update(b);
            assertThat(Compression.crc32Combine((int) ca.getValue(), (int) cb.getValue(), b.length))
                    .isEqualTo((int) all.getValue());
        }
    }

    @Test
    void gzipBombsOfAwkwardSizesAreValid() throws IOException {
        for (long size : new long[] {0, 1, 1000, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3L * (1 << 20) + 77,
                64L * (1 << 20)}) {
            ByteBuf bomb = Compression.gzipBomb(size);
            try (InputStream in = new GZIPInputStream(new ByteBufInputStream(bomb, true))) {
                long total = 0;
                long nonZero = 0;
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        nonZero += buf[i] != 0 ? 1 : 0;
                    }
                    total += n;
                }
                assertThat(total).as("size %d", size).isEqualTo(size);
                assertThat(nonZero).isZero();
            }
        }
    }

    @Test
    void zlibBombsOfAwkwardSizesAreValid() throws IOException {
        for (long size : new long[] {0, 1, 65520, 65521, 65522, (1 << 20) - 1, 1 << 20, 3L * (1 << 20) + 77}) {
            ByteBuf bomb = Compression.zlibBomb(size);
            // InflaterInputStream checks the zlib header; Inflater.finished() after reading means the Adler-32 matched
            java.util.zip.Inflater inflater = new java.util.zip.Inflater();
            try (InputStream in = new java.util.zip.InflaterInputStream(new ByteBufInputStream(bomb, true), inflater)) {
                byte[] all = in.readAllBytes();
                assertThat(all.length).as("size %d", size).isEqualTo(size);
                assertThat(java.util.Arrays.mismatch(all, new byte[all.length])).as("non-zero byte").isEqualTo(-1);
                assertThat(inflater.finished()).as("stream ended with a valid Adler-32, size %d", size).isTrue();
            } finally {
                inflater.end();
            }
        }
    }
}
