package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.salvo.internal.Bombs;
import dev.salvo.spi.TransportResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Design rule 22 against a scripted transport: whatever is thrown in any stage of a request, an
 * Error included, ends exactly that request with a typed failure, and the requests beside it
 * succeed. Batches carry a deadline and single requests are awaited with a limit, so that a
 * request left pending fails the test (as DEADLINE_EXCEEDED or a timeout) instead of hanging it.
 */
class EveryRequestEndsTest extends AgainstFakeTransport {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Runs {@code odd} between two good requests in a batch; returns the odd one's failure, asserting the others succeeded. */
    private SalvoException failureBesideGoodOnes(Request odd) {
        List<Outcome> outcomes = salvo.mapOutcomes(List.of(get("/ok?n=0"), odd, get("/ok?n=2")),
                Batch.size(3).deadline(PATIENCE));
        assertThat(outcomes.get(0).isSuccess()).as("the request before: %s", outcomes.get(0)).isTrue();
        assertThat(outcomes.get(2).isSuccess()).as("the request after: %s", outcomes.get(2)).isTrue();
        assertThat(outcomes.get(1)).as("the odd request's outcome").isInstanceOf(Outcome.Failure.class);
        return ((Outcome.Failure) outcomes.get(1)).error();
    }

    /** The failure of {@code request} sent alone, awaited with a limit. */
    private SalvoException failureAlone(Request request) throws Exception {
        Throwable t = catchThrowable(() -> salvo.send(request).get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertThat(t).as("sending %s alone", request).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(SalvoException.class);
        return (SalvoException) t.getCause();
    }

    @Test
    void anErrorCompletingTheExchangeFailsThatRequestWithIo() throws Exception {
        SalvoException inBatch = failureBesideGoodOnes(get("/error"));
        assertThat(inBatch.type()).as("an OutOfMemoryError from the transport, in a batch").isEqualTo(ErrorType.IO);
        assertThat(inBatch).hasRootCauseInstanceOf(OutOfMemoryError.class);
        assertThat(failureAlone(get("/error")).type()).as("the same, sent alone").isEqualTo(ErrorType.IO);
    }

    @Test
    void anErrorThrownByTheTransportsExchangeFailsThatRequestWithIo() throws Exception {
        SalvoException inBatch = failureBesideGoodOnes(get("/throw-error"));
        assertThat(inBatch.type()).as("exchange() throwing a StackOverflowError, in a batch").isEqualTo(ErrorType.IO);
        assertThat(inBatch).hasRootCauseInstanceOf(StackOverflowError.class);
        assertThat(failureAlone(get("/throw-error")).type()).as("the same, sent alone").isEqualTo(ErrorType.IO);
    }

    @Test
    void anErrorInTheUserCallbackFailsThatRequestWithCallback() throws Exception {
        Request throwing = get("/ok").newBuilder().callback(r -> {
            throw new AssertionError("the user's callback failed");
        }).build();
        SalvoException inBatch = failureBesideGoodOnes(throwing);
        assertThat(inBatch.type()).as("a callback throwing an Error, in a batch").isEqualTo(ErrorType.CALLBACK);
        assertThat(inBatch.getCause()).isInstanceOf(AssertionError.class);
        SalvoException alone = failureAlone(throwing);
        assertThat(alone.type()).as("the same, sent alone").isEqualTo(ErrorType.CALLBACK);
        assertThat(alone.getCause()).isInstanceOf(AssertionError.class);
    }

    @Test
    void anErrorWhileHandlingAResponseFailsThatRequestWithIo() throws Exception {
        // a redirect whose body stream fails with an Error when core releases it
        transport.answers.put("/redirect-breaks", r -> TransportResponse.streaming(302, null, Headers.of("Location", "/ok"),
                new ByteArrayInputStream(new byte[0]) {
                    @Override
                    public void close() {
                        throw new OutOfMemoryError("simulated: releasing the connection failed");
                    }
                }));
        SalvoException inBatch = failureBesideGoodOnes(get("/redirect-breaks"));
        assertThat(inBatch.type()).as("an Error handling a response, in a batch").isEqualTo(ErrorType.IO);
        assertThat(inBatch).hasRootCauseInstanceOf(OutOfMemoryError.class);
        assertThat(failureAlone(get("/redirect-breaks")).type()).as("the same, sent alone").isEqualTo(ErrorType.IO);
    }

    @Test
    void anErrorFromARequestBodySupplierFailsThatRequest() throws Exception {
        transport.answers.put("/upload", r -> {
            try (InputStream in = r.body().openStream()) {
                return TransportResponse.buffered(200, "OK", Headers.empty(), in.readAllBytes());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Request upload = Request.post("http://fake.test/upload", Body.stream(() -> {
            throw new NoClassDefFoundError("simulated: the user's supplier failed");
        }, "application/octet-stream"));
        SalvoException e = failureBesideGoodOnes(upload);
        assertThat(e).as("an Error from a body supplier").hasRootCauseInstanceOf(NoClassDefFoundError.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate"})
    void aGibibyteBombFailsWithBodyTooLargeHavingAllocatedLittleMoreThanTheCap(String coding) {
        byte[] bomb = coding.equals("gzip") ? Bombs.gzipZeros(Bombs.GIB) : Bombs.zlibZeros(Bombs.GIB);
        transport.answers.put("/bomb", r -> TransportResponse.buffered(200, "OK", Headers.of("Content-Encoding", coding), bomb));
        long cap = salvo.config().maxDecompressedBodySize();
        Map<Long, Long> before = allocatedByThread();

        SalvoException e = failureBesideGoodOnes(get("/bomb"));

        long allocated = allocatedSince(before);
        assertThat(e.type()).as("a 1 GiB %s bomb of %d bytes under the default cap", coding, bomb.length)
                .isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(allocated).as("bytes all threads allocated while a %s bomb was rejected under a %d byte cap", coding, cap)
                .isLessThan(cap + (32L << 20));
    }

    private static Map<Long, Long> allocatedByThread() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> m = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                m.put(ids[i], bytes[i]);
            }
        }
        return m;
    }

    /** Bytes allocated since {@code before} by the threads alive now (a thread that has ended is not counted). */
    private static long allocatedSince(Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> now : allocatedByThread().entrySet()) {
            sum += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return sum;
    }
}
