package dev.salvo.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sender pool starts a thread per slot of concurrency, not per exchange, and says when all are busy. */
class SenderPoolTest {

    @Test
    void aTaskStartedAsTheLastOneIsReleasedReusesItsSender() throws InterruptedException {
        AtomicInteger started = new AtomicInteger();
        SenderPool pool = new SenderPool(64, 30, () -> "test-sender-" + started.incrementAndGet());
        int chains = 4;
        int perChain = 500;
        CountDownLatch done = new CountDownLatch(chains);
        try {
            for (int i = 0; i < chains; i++) {
                assertThat(pool.trySubmit(new Chain(pool, perChain, done))).isTrue();
            }
            assertThat(done.await(20, TimeUnit.SECONDS)).as("chains done").isTrue();
        } finally {
            pool.close(2_000);
        }
        assertThat(started.get()).as("threads started for %d chains of %d tasks", chains, perChain).isBetween(1, chains);
    }

    @Test
    void whenEverySenderIsBusyTheCallerIsToldSo() throws InterruptedException {
        SenderPool pool = new SenderPool(2, 30, () -> "test-sender");
        CountDownLatch hold = new CountDownLatch(1);
        Runnable blocked = () -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.release();
        };
        try {
            assertThat(pool.trySubmit(blocked)).isTrue();
            assertThat(pool.trySubmit(blocked)).isTrue();
            assertThat(pool.trySubmit(blocked)).as("a third task with 2 senders busy").isFalse();
        } finally {
            hold.countDown();
            pool.close(2_000);
        }
    }

    /** A task that, like an exchange whose completion starts the next request, releases its sender and submits the next. */
    private record Chain(SenderPool pool, int left, CountDownLatch done) implements Runnable {
        @Override
        public void run() {
            pool.release();
            if (left == 1) {
                done.countDown();
            } else if (!pool.trySubmit(new Chain(pool, left - 1, done))) {
                throw new AssertionError("no sender free");
            }
        }
    }
}
