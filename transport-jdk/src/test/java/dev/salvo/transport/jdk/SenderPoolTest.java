package dev.salvo.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    void aTaskSubmittedFromASenderRunsNextOnThatSenderNotOnAnIdleOne() throws InterruptedException {
        AtomicInteger named = new AtomicInteger();
        SenderPool pool = new SenderPool(64, 30, () -> "pinned-sender-" + named.incrementAndGet());
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(1);
        try {
            // two senders (each task waits for the other, so neither can take both), then both idle
            CountDownLatch both = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                assertThat(pool.trySubmit(() -> {
                    both.countDown();
                    try {
                        both.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    pool.release();
                })).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> idleSenders("pinned-sender-") == 2);
            assertThat(pool.trySubmit(new Pinned(pool, 200, ranOn, done))).isTrue();
            assertThat(done.await(20, TimeUnit.SECONDS)).as("chain done").isTrue();
        } finally {
            pool.close(2_000);
        }
        // the idle sender is never handed the next task: the chain stays on the thread it started on
        assertThat(ranOn).as("threads the chain ran on").hasSize(1);
    }

    private static long idleSenders(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.getState() == Thread.State.TIMED_WAITING).count();
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

    /** A chain that records the threads it runs on. */
    private record Pinned(SenderPool pool, int left, Set<Thread> threads, CountDownLatch done) implements Runnable {
        @Override
        public void run() {
            threads.add(Thread.currentThread());
            pool.release();
            if (left == 1) {
                done.countDown();
            } else if (!pool.trySubmit(new Pinned(pool, left - 1, threads, done))) {
                throw new AssertionError("no sender free");
            }
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
