package dev.salvo.transport.netty;

import static dev.salvo.conformance.support.Exchanges.failure;
import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After every fault the test server can produce, the pool's count of acquired connections is back
 * to zero and the next request on the same transport works.
 */
class PoolAccountingTest {

    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport();

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("/fault/reset-before-headers", ErrorType.CONNECTION_RESET),
                Arguments.of("/fault/reset-mid-body", ErrorType.PROTOCOL),
                Arguments.of("/fault/truncated-body", ErrorType.PROTOCOL),
                Arguments.of("/fault/bad-chunk", ErrorType.PROTOCOL),
                Arguments.of("/fault/bad-status-line", ErrorType.PROTOCOL),
                Arguments.of("/fault/huge-headers?size=" + 4 * 1024 * 1024, ErrorType.PROTOCOL));
    }

    @AfterEach
    void nextRequestWorksAndNothingIsHeld() {
        awaitNothingAcquired();
        TransportResponse next = Exchanges.await(env.transport().exchange(get(env.url("/get")).build()));
        assertThat(next.status()).as("status of the request after the fault").isEqualTo(200);
        assertThat(env.pool().acquired()).as("connections acquired after the next request").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void faultLeavesNothingAcquired(String path, ErrorType expected) {
        // twice: the second time on a connection reused from the pool
        for (int i = 0; i < 2; i++) {
            Exchanges.await(env.transport().exchange(get(env.url("/get")).build()));
            assertThat(failure(env.transport().exchange(get(env.url(path)).build())).type()).as("error of %s", path)
                    .isEqualTo(expected);
            awaitNothingAcquired();
        }
    }

    @ParameterizedTest(name = "{0} streamed")
    @MethodSource("faults")
    void streamedFaultLeavesNothingAcquired(String path, ErrorType expected) {
        CompletableFuture<TransportResponse> f = env.transport().exchange(get(env.url(path)).streaming().build());
        SalvoException error;
        try {
            TransportResponse r = f.get(20, java.util.concurrent.TimeUnit.SECONDS);
            try (InputStream in = r.stream()) {
                in.readAllBytes();
                throw new AssertionError("the streamed body of " + path + " read without error");
            } catch (IOException e) {
                assertThat(e.getCause()).as("cause of %s", e).isInstanceOf(SalvoException.class);
                error = (SalvoException) e.getCause();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            error = (SalvoException) e.getCause();
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
        assertThat(error.type()).as("error of streamed %s", path).isEqualTo(expected);
    }

    @Test
    void readTimeoutOnANeverRespondingServerLeavesNothingAcquired() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/fault/never-responds"))
                .readTimeout(Duration.ofMillis(300)).build()));
        assertThat(e.type()).as("error").isEqualTo(ErrorType.READ_TIMEOUT);
    }

    @Test
    void readTimeoutInsideTheBodyLeavesNothingAcquired() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/fault/slow-body?bytes=5&interval_ms=2000"))
                .readTimeout(Duration.ofMillis(300)).build()));
        assertThat(e.type()).as("error").isEqualTo(ErrorType.READ_TIMEOUT);
    }

    @Test
    void cancellingAnExchangeInFlightClosesItsConnection() {
        var stats = env.server().stats();
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.inFlight() == 0);
        CompletableFuture<TransportResponse> f = env.transport().exchange(get(env.url("/fault/never-responds")).build());
        await("request at the server").atMost(Duration.ofSeconds(5)).until(() -> stats.inFlight() == 1);
        assertThat(env.pool().acquired()).as("acquired while in flight").isEqualTo(1);
        assertThat(f.cancel(true)).as("cancel").isTrue();
        await("server sees the connection closed (" + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0);
    }

    @Test
    void bodyOverTheCapLeavesNothingAcquired() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/bytes/100000")).cap(1000).build()));
        assertThat(e.type()).as("error").isEqualTo(ErrorType.BODY_TOO_LARGE);
    }

    @Test
    void unknownLengthBodyOverTheCapLeavesNothingAcquired() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/stream/500")).cap(1000).build()));
        assertThat(e.type()).as("error").isEqualTo(ErrorType.BODY_TOO_LARGE);
    }

    private static void awaitNothingAcquired() {
        await("connections acquired back to 0 (" + env.pool() + ")").atMost(Duration.ofSeconds(5))
                .until(() -> env.pool().acquired() == 0);
    }
}
