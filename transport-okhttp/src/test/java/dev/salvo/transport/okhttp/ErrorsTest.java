package dev.salvo.transport.okhttp;

import static dev.salvo.transport.okhttp.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Exchanges;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mappings only OkHttp needs (see OkHttpFailures), and where a request body is read. */
class ErrorsTest {
    @RegisterExtension
    static final Fixture env = new Fixture();

    @Test
    void aHeadOverOkHttpsHeaderLimitIsProtocolNotAReset() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/fault/huge-headers?size=" + (1 << 20)))));
        assertThat(e.type()).as("type (%s)", e.getMessage()).isEqualTo(ErrorType.PROTOCOL);
        assertThat(e.getMessage()).contains("header size limit");
    }

    @Test
    void aConnectionClosedBeforeAnyByteIsAReset() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/fault/reset-before-headers"))));
        assertThat(e.type()).as("type (%s)", e.getMessage()).isEqualTo(ErrorType.CONNECTION_RESET);
    }

    @Test
    void aFailingBodySupplierIsRequestBody() {
        Body body = Body.stream(() -> {
            throw new IllegalStateException("no body today");
        }, "text/plain");
        SalvoException e = failure(env.transport().exchange(
                Fixture.request("POST", env.url("/post"), Headers.empty(), body, false)));
        assertThat(e.type()).as("type (%s)", e.getMessage()).isEqualTo(ErrorType.REQUEST_BODY);
    }

    @Test
    void aBodyStreamFailingMidwayIsRequestBody() {
        Body body = Body.stream(() -> new InputStream() {
            private int left = 10_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("disk gone");
                }
                return 'x';
            }
        }, "text/plain");
        SalvoException e = failure(env.transport().exchange(
                Fixture.request("POST", env.url("/post"), Headers.empty(), body, false)));
        assertThat(e.type()).as("type (%s)", e.getMessage()).isEqualTo(ErrorType.REQUEST_BODY);
    }

    @Test
    void aStreamedRequestBodyIsReadOnADispatcherThread() {
        AtomicReference<Thread> reader = new AtomicReference<>();
        Body body = Body.stream(() -> {
            reader.set(Thread.currentThread());
            return new java.io.ByteArrayInputStream(new byte[100]);
        }, "application/octet-stream");
        Exchanges.await(env.transport().exchange(Fixture.request("POST", env.url("/post"), Headers.empty(), body, false)));
        // OkHttp names the thread after the call while it runs it, and gives the name back afterwards
        await("the thread that opened the body, named as the dispatcher's").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(reader.get().getName()).matches("salvo-okhttp-\\d+-dispatch-\\d+"));
    }

    private static SalvoException failure(CompletableFuture<?> f) {
        try {
            Object r = f.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + r);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SalvoException.class);
            return (SalvoException) e.getCause();
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
