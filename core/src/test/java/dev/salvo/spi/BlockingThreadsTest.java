package dev.salvo.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Virtual threads from Java 21 on, daemon platform threads before, named and listed either way. */
class BlockingThreadsTest {
    private static final int FEATURE = Runtime.version().feature();

    @AfterEach
    void clearProperty() {
        System.clearProperty(BlockingThreads.PROPERTY);
    }

    @Test
    void virtualThreadsAreFoundExactlyFromJava21() {
        assertThat(BlockingThreads.virtualAvailable()).as("virtual threads on Java %d", FEATURE).isEqualTo(FEATURE >= 21);
        assertThat(BlockingThreads.virtualUsed()).as("used by default on Java %d", FEATURE).isEqualTo(FEATURE >= 21);
    }

    @Test
    void threadsAreVirtualWhereAvailableElsePlatformDaemons() throws InterruptedException {
        BlockingThreads threads = BlockingThreads.named(() -> "test-blocking");
        Thread t = threads.newThread(() -> { });

        assertThat(threads.virtual()).as("factory gives virtual threads on Java %d", FEATURE).isEqualTo(FEATURE >= 21);
        assertThat(BlockingThreads.isVirtual(t)).as("thread is virtual on Java %d", FEATURE).isEqualTo(FEATURE >= 21);
        assertThat(t.isDaemon()).as("daemon").isTrue();
        t.start();
        t.join(5_000);
    }

    @Test
    void thePropertyForcesPlatformThreads() {
        System.setProperty(BlockingThreads.PROPERTY, "false");
        BlockingThreads threads = BlockingThreads.named(() -> "test-platform");
        Thread t = threads.newThread(() -> { });

        assertThat(BlockingThreads.virtualUsed()).as("used with %s=false", BlockingThreads.PROPERTY).isFalse();
        assertThat(BlockingThreads.virtualAvailable()).as("available on Java %d", FEATURE).isEqualTo(FEATURE >= 21);
        assertThat(BlockingThreads.isVirtual(t)).as("thread is virtual").isFalse();
        assertThat(t.isDaemon()).as("daemon").isTrue();
    }

    @Test
    void eachThreadIsNamedAndListedUntilItsTaskEnds() throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        BlockingThreads threads = BlockingThreads.named(() -> "test-named-" + n.incrementAndGet());
        CountDownLatch hold = new CountDownLatch(1);
        Runnable held = () -> {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread a = threads.newThread(held);
        Thread b = threads.newThread(held);
        a.start();
        b.start();

        assertThat(threads.live()).as("live while their tasks run").containsExactlyInAnyOrder(a, b);
        assertThat(a.getName()).isEqualTo("test-named-1");
        assertThat(b.getName()).isEqualTo("test-named-2");

        hold.countDown();
        a.join(5_000);
        b.join(5_000);
        assertThat(threads.live()).as("live once their tasks ended").isEmpty();
    }

    @Test
    void aPlatformThreadIsNeverVirtual() {
        assertThat(BlockingThreads.isVirtual(Thread.currentThread())).as("the test's own thread").isFalse();
    }
}
