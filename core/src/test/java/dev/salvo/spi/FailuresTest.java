package dev.salvo.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The phase decides what an I/O failure means: inside the body, a broken body is PROTOCOL. */
class FailuresTest {
    private static final TransportRequest GET = ActiveExchangesTest.GET;

    @Test
    void anIoFailureInsideTheBodyIsProtocol() {
        assertThat(Failures.classify(new IOException("bad chunk"), GET, Failures.Phase.BODY).type())
                .isEqualTo(ErrorType.PROTOCOL);
        assertThat(Failures.classify(new IOException("bad chunk"), GET, Failures.Phase.AWAIT_HEAD).type())
                .isEqualTo(ErrorType.IO);
    }

    @Test
    void aConnectionEndIsAResetBeforeTheHeadAndATruncatedBodyAfter() {
        assertThat(Failures.classify(new EOFException(), GET, Failures.Phase.AWAIT_HEAD).type())
                .isEqualTo(ErrorType.CONNECTION_RESET);
        assertThat(Failures.classify(new EOFException(), GET, Failures.Phase.BODY).type()).isEqualTo(ErrorType.PROTOCOL);
    }

    @Test
    void aTimeoutInsideTheBodyStaysATimeout() {
        assertThat(Failures.classify(new SocketTimeoutException("Read timed out"), GET, Failures.Phase.BODY).type())
                .isEqualTo(ErrorType.READ_TIMEOUT);
    }

    @Test
    void findLooksDownTheCauses() {
        IOException root = new EOFException("end");
        RuntimeException wrapper = new RuntimeException(new IllegalStateException(root));
        assertThat(Failures.find(wrapper, EOFException.class)).isSameAs(root);
        assertThat(Failures.find(wrapper, SocketTimeoutException.class)).isNull();
    }
}
