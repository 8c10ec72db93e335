package dev.salvo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.SalvoConfig;
import dev.salvo.SalvoException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding under a cap: bombs fail with BODY_TOO_LARGE in memory bounded by the cap (measured as
 * the bytes the decoding thread allocates, not by time), the cap counts exactly, and stacked
 * codings are capped at every layer.
 */
class DecodingTest {
    private static final int MIB = 1 << 20;
    private static final long DEFAULT_CAP = SalvoConfig.defaults().maxDecompressedBodySize();
    /** What decoding may allocate beyond the body it holds: decoder buffers, the exception. */
    private static final long OVERHEAD = 256 * 1024;

    @Test
    void theBombsAreWhatTheySayTheyAre() throws IOException {
        byte[] bomb = Bombs.gzipZeros(64L * MIB);
        long decoded;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bomb))) {
            decoded = in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(decoded).as("bytes a 64 MiB bomb of %d bytes decodes to", bomb.length).isEqualTo(64L * MIB);
        assertThat(Bombs.gzipZeros(Bombs.GIB).length).as("a GiB bomb's size").isLessThan(2 * MIB);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate"})
    void aGibibyteBombFailsAtTheDefaultCapHavingAllocatedLittleMoreThanTheCap(String coding) {
        byte[] bomb = coding.equals("gzip") ? Bombs.gzipZeros(Bombs.GIB) : Bombs.zlibZeros(Bombs.GIB);

        Bombs.Measured<byte[]> m = Bombs.allocation(() -> Decoding.decode(coding, bomb, DEFAULT_CAP));

        assertThat(m.thrown()).as("decoding a %s bomb of %d bytes", coding, bomb.length)
                .isInstanceOf(SalvoException.class);
        assertThat(((SalvoException) m.thrown()).type()).isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(m.allocated()).as("bytes allocated rejecting a 1 GiB %s bomb with a %d byte cap", coding, DEFAULT_CAP)
                .isLessThan(DEFAULT_CAP + OVERHEAD);
    }

    @Test
    void aLargeBodyOverASmallCapCostsTheCapNotTheBody() {
        byte[] body = Bombs.gzipStored(Bombs.noise(32 * MIB, 1));
        assertThat(body.length).as("raw size").isGreaterThan(32 * MIB);

        Bombs.Measured<byte[]> m = Bombs.allocation(() -> Decoding.decode("gzip", body, MIB));

        assertThat(((SalvoException) m.thrown()).type()).isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(m.allocated()).as("bytes allocated decoding a 32 MiB gzip body under a 1 MiB cap")
                .isLessThan(MIB + OVERHEAD);
    }

    @Test
    void memoryFollowsWhatABodyDecodesToNotItsRawSize() {
        byte[] body = Bombs.gzipWithComment(2 * MIB, "hi".getBytes(StandardCharsets.US_ASCII));

        Bombs.Measured<byte[]> m = Bombs.allocation(() -> Decoding.decode("gzip", body, DEFAULT_CAP));

        assertThat(m.value()).asString(StandardCharsets.US_ASCII).isEqualTo("hi");
        assertThat(m.allocated()).as("bytes allocated decoding a %d byte body to 2 bytes", body.length)
                .isLessThan(OVERHEAD);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8191, 8192, 8193, 3 * 8192 + 5, MIB - 1, MIB, MIB + 1, 3 * MIB + 7})
    void exactlyTheCapPassesAndOneByteMoreFails(int size) {
        byte[] content = Bombs.noise(size, size);
        byte[] body = Bombs.gzip(content);

        Bombs.Measured<byte[]> m = Bombs.allocation(() -> Decoding.decode("gzip", body, size));
        assertThat(m.value()).as("a body of exactly the cap, %d bytes", size).isEqualTo(content);
        assertThat(m.allocated()).as("bytes allocated decoding %d bytes (held once, copied once)", size)
                .isLessThan(2L * size + OVERHEAD);
        assertThat(streamed(body, size)).as("streamed, exactly the cap").isEqualTo(content);

        SalvoException over = thrownBy(() -> Decoding.decode("gzip", body, size - 1));
        assertThat(over.type()).as("a body of %d bytes under a cap of %d", size, size - 1)
                .isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(over.getMessage()).contains("cap of " + (size - 1) + " bytes");
        assertThat(thrownBy(() -> streamed(body, size - 1)).type()).as("streamed, one byte over the cap")
                .isEqualTo(ErrorType.BODY_TOO_LARGE);
    }

    @Test
    void stackedCodingsOfABombFailInBoundedMemory() {
        byte[] bomb = Bombs.gzip(Bombs.gzipZeros(Bombs.GIB));

        Bombs.Measured<byte[]> m = Bombs.allocation(() -> Decoding.decode("gzip, gzip", bomb, 16 * MIB));

        assertThat(((SalvoException) m.thrown()).type()).as("a gzip, gzip bomb of %d bytes", bomb.length)
                .isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(m.allocated()).as("bytes allocated rejecting a stacked bomb under a 16 MiB cap")
                .isLessThan(16 * MIB + OVERHEAD);
    }

    @Test
    void everyLayerOfStackedCodingsIsCapped() {
        // the inner layer's output (what the outer layer decodes) is 2 MiB; the content is 2 bytes
        byte[] body = Bombs.gzip(Bombs.gzipWithComment(2 * MIB, "hi".getBytes(StandardCharsets.US_ASCII)));

        assertThat(thrownBy(() -> Decoding.decode("gzip, gzip", body, MIB)).type())
                .as("2 MiB between the layers, under a 1 MiB cap").isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(Decoding.decode("gzip, gzip", body, 4 * MIB)).asString(StandardCharsets.US_ASCII)
                .as("the same body under a 4 MiB cap").isEqualTo("hi");
    }

    private static byte[] streamed(byte[] body, long cap) {
        try (InputStream in = Decoding.decode("gzip", new ByteArrayInputStream(body), cap)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw Decoding.asSalvo(e, "gzip");
        }
    }

    private static SalvoException thrownBy(Runnable r) {
        try {
            r.run();
        } catch (SalvoException e) {
            return e;
        }
        throw new AssertionError("expected a SalvoException, nothing was thrown");
    }
}
