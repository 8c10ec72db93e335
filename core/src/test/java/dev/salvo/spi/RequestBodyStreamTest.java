package dev.salvo.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request body read for sending: every failure reported before it is thrown, lengths checked. */
class RequestBodyStreamTest {
    private final List<Throwable> reported = new ArrayList<>();

    private IOException report(Throwable e) {
        reported.add(e);
        return e instanceof IOException io ? io : new IOException(e);
    }

    private static Body body(byte[] bytes) {
        return Body.stream(() -> new ByteArrayInputStream(bytes), null);
    }

    @Test
    void aBodyOfItsDeclaredLengthIsReadWhole() throws IOException {
        try (InputStream in = RequestBodyStream.open(body(new byte[] {1, 2, 3}), 3, this::report)) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
        assertThat(reported).isEmpty();
    }

    @Test
    void moreBytesThanDeclaredAreReported() {
        assertThatThrownBy(() -> RequestBodyStream.open(body(new byte[5]), 3, this::report).readAllBytes())
                .hasMessageContaining("more bytes than its declared length of 3");
        assertThat(reported).hasSize(1);
    }

    @Test
    void anEndBeforeTheDeclaredLengthIsReported() {
        assertThatThrownBy(() -> RequestBodyStream.open(body(new byte[2]), 3, this::report).readAllBytes())
                .hasMessageContaining("has 2 bytes, not its declared length of 3");
        assertThat(reported).hasSize(1);
    }

    @Test
    void withoutADeclaredLengthAnyLengthPasses() throws IOException {
        assertThat(RequestBodyStream.open(body(new byte[7]), -1, this::report).readAllBytes()).hasSize(7);
        assertThat(reported).isEmpty();
    }

    @Test
    void aBodyThatCannotBeOpenedIsReported() {
        Body failing = Body.stream(() -> {
            throw new IllegalStateException("no disk");
        }, null);
        assertThatThrownBy(() -> RequestBodyStream.open(failing, -1, this::report)).hasMessageContaining("no disk");
        assertThat(reported).hasSize(1);
    }

    @Test
    void aFailingReadIsReported() throws IOException {
        Body broken = Body.stream(() -> new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("cable cut");
            }
        }, null);
        InputStream in = RequestBodyStream.open(broken, -1, this::report);
        assertThatThrownBy(in::read).hasRootCauseMessage("cable cut");
        assertThat(reported).singleElement().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theFailureIsRequestBodyAndNamesTheCause() {
        SalvoException e = RequestBodyStream.failure(ActiveExchangesTest.GET, new IOException("gone"));
        assertThat(e.type()).isEqualTo(ErrorType.REQUEST_BODY);
        assertThat(e.getMessage()).contains("IOException: gone").contains("GET http://h/x");
    }
}
