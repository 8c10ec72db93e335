package dev.salvo.transport.jdk;

import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Configs;
import dev.salvo.spi.TransportResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12's isolation scenario at the transport level: exchanges reading endless bodies do not
 * hold up 300 small ones, on an executor of two threads (its size on a 2-core machine), while
 * another thread keeps a core busy. The JDK client delivers bodies on the executor's threads; what
 * keeps one body from holding a thread for its whole length is tested on its own in
 * {@link BufferingSubscriberTest}. The same paths are warmed first: a cold JVM's first exchanges
 * can take over a second under load whatever the bodies, and that is not one exchange delaying
 * another.
 */
class IsolationTest {
    private static final int SMALL = 300;
    private static final int IN_FLIGHT = 8;
    /** The per-attempt timeout of the scenario: every small exchange must end well within it. */
    private static final Duration LIMIT = Duration.ofSeconds(2);

    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport();

    @Test
    void twoEndlessBodiesDoNotDelayThreeHundredSmallExchanges() throws Exception {
        AtomicBoolean spinning = new AtomicBoolean(true);
        Thread spinner = new Thread(() -> {
            long x = 0;
            while (spinning.get()) {
                x += System.nanoTime() & 1; // a core kept busy, as by the rest of a loaded machine
            }
            if (x < 0) {
                throw new AssertionError(x);
            }
        }, "isolation-spinner");
        spinner.setDaemon(true);
        List<CompletableFuture<TransportResponse>> endless = new ArrayList<>();
        try (JdkTransport transport = Support.transport(Configs.config(c -> c.ioThreads(2)))) {
            smallExchanges(transport, 32);
            spinner.start();
            for (int i = 0; i < 2; i++) {
                // a cap the bodies do not reach while the small exchanges run: they compete all along
                endless.add(transport.exchange(get(env.url("/fault/endless-body")).cap(1L << 30).build()));
            }
            List<Long> millis = smallExchanges(transport, SMALL);
            assertThat(endless).as("the endless bodies were still arriving at the end").noneMatch(CompletableFuture::isDone);
            long slowest = millis.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(slowest).as("the slowest of %d small exchanges, in ms (all: %s)", SMALL, millis)
                    .isLessThan(LIMIT.toMillis());
        } finally {
            spinning.set(false);
            spinner.join(5_000);
        }
        for (CompletableFuture<TransportResponse> f : endless) {
            assertThat(f).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(SalvoException.class)
                    .matches(e -> ((SalvoException) e).type() == ErrorType.CLIENT_CLOSED, "CLIENT_CLOSED");
        }
    }

    /** Runs {@code count} small exchanges, {@value #IN_FLIGHT} at a time; the time each took, in ms. */
    private static List<Long> smallExchanges(JdkTransport transport, int count) throws InterruptedException {
        Semaphore places = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            places.acquire();
            long start = System.nanoTime();
            CompletableFuture<Long> took = transport.exchange(get(env.url("/bytes/256")).build())
                    .thenApply(r -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            took.whenComplete((t, e) -> places.release());
            all.add(took);
        }
        List<Long> millis = new ArrayList<>();
        for (CompletableFuture<Long> f : all) {
            try {
                millis.add(f.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("a small exchange did not succeed: " + e, e);
            }
        }
        return millis;
    }
}
