package dev.salvo.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The size-capped buffer of a buffered body. */
class CappedBodyTest {
    /** maxResponseBytes 1000. */
    private static final TransportRequest GET = ActiveExchangesTest.GET;

    private static TransportRequest capped(long cap) {
        return new TransportRequest("GET", URI.create("http://h/x"), Headers.empty(), null, Duration.ofSeconds(1),
                Duration.ofSeconds(1), false, cap);
    }

    @Test
    void aDeclaredLengthOverTheCapFailsAtOnce() {
        SalvoException e = catchThrowableOfType(SalvoException.class, () -> CappedBody.of(GET, 1001));
        assertThat(e.type()).isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(e.getMessage()).contains("cap of 1000").contains("Content-Length is 1001").contains("GET http://h/x");
    }

    @Test
    void aBodyGrowingPastTheCapFailsAsSoonAsItDoes() {
        CappedBody body = CappedBody.of(GET, -1);
        body.append(ByteBuffer.wrap(new byte[600]));
        body.append(ByteBuffer.wrap(new byte[400]));
        SalvoException e = catchThrowableOfType(SalvoException.class, () -> body.claim(1));
        assertThat(e.type()).isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(e.getMessage()).contains("cap of 1000");
        assertThat(body.size()).as("nothing taken past the cap").isEqualTo(1000);
    }

    @Test
    void aBodyOfItsDeclaredLengthNeedsNoFinalCopy() {
        CappedBody body = CappedBody.of(GET, 5);
        int at = body.claim(3);
        System.arraycopy(new byte[] {1, 2, 3}, 0, body.array(), at, 3);
        body.append(ByteBuffer.wrap(new byte[] {4, 5}));
        byte[] array = body.array();
        assertThat(body.toArray()).isSameAs(array).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void anEmptyBodyAllocatesNothing() {
        CappedBody body = CappedBody.of(GET, 0);
        body.append(ByteBuffer.allocate(0));
        assertThat(body.array()).isNull();
        assertThat(body.toArray()).isEmpty();
    }

    @Test
    void aLyingContentLengthReservesAtMostTheInitialBound() {
        CappedBody body = CappedBody.of(capped(-1), 1L << 30);
        body.claim(1);
        assertThat(body.array().length).isEqualTo(CappedBody.MAX_INITIAL);
    }

    @Test
    void readAllStopsAtTheDeclaredLength() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[] {1, 2, 3, 4});
        assertThat(CappedBody.of(GET, 3).readAll(in)).containsExactly(1, 2, 3);
        assertThat(in.available()).as("no byte read past the declared length").isEqualTo(1);
    }

    @Test
    void readAllWithoutALengthReadsToTheEndWithinTheCap() throws IOException {
        assertThat(CappedBody.of(GET, -1).readAll(new ByteArrayInputStream(new byte[1000]))).hasSize(1000);
        SalvoException e = catchThrowableOfType(SalvoException.class,
                () -> CappedBody.of(GET, -1).readAll(new ByteArrayInputStream(new byte[1001])));
        assertThat(e.type()).isEqualTo(ErrorType.BODY_TOO_LARGE);
    }

    @Test
    void readAllOfABodyCutShortIsProtocol() {
        SalvoException e = catchThrowableOfType(SalvoException.class,
                () -> CappedBody.of(GET, 10).readAll(new ByteArrayInputStream(new byte[4])));
        assertThat(e.type()).isEqualTo(ErrorType.PROTOCOL);
        assertThat(e.getMessage()).contains("4 of its 10 bytes");
    }
}
