package dev.salvo.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.spi.BlockingThreads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sender pool starts a thread per slot of concurrency, not per exchange, and says when all are busy. */
class SenderPoolTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(BlockingThreads.PROPERTY);
    }

    @Test
    void aTaskStartedAsTheLastOneIsReleasedReusesItsSender() throws InterruptedException {
        AtomicInteger started = new AtomicInteger();
        SenderPool pool = new SenderPool(64, 30, BlockingThreads.named(() -> "test-sender-" + started.incrementAndGet()));
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
        BlockingThreads threads = BlockingThreads.named(() -> "pinned-sender-" + named.incrementAndGet());
        SenderPool pool = new SenderPool(64, 30, threads);
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
            await().atMost(Duration.ofSeconds(10)).until(() -> idleSenders(threads) == 2);
            assertThat(pool.trySubmit(new Pinned(pool, 200, ranOn, done))).isTrue();
            assertThat(done.await(20, TimeUnit.SECONDS)).as("chain done").isTrue();
        } finally {
            pool.close(2_000);
        }
        // the idle sender is never handed the next task: the chain stays on the thread it started on
        assertThat(ranOn).as("threads the chain ran on").hasSize(1);
    }

    /** Senders waiting for a task (virtual threads are not enumerated, so the factory lists them). */
    private static long idleSenders(BlockingThreads threads) {
        return threads.live().stream().filter(t -> t.getState() == Thread.State.TIMED_WAITING).count();
    }

    @Test
    void whenEverySenderIsBusyTheCallerIsToldSo() throws InterruptedException {
        SenderPool pool = new SenderPool(2, 30, BlockingThreads.named(() -> "test-sender"));
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

    @Test
    void sendersAreVirtualExactlyWhereTheJvmHasVirtualThreads() throws InterruptedException {
        Thread sender = senderOf(BlockingThreads.named(() -> "kind-sender"));

        assertThat(BlockingThreads.isVirtual(sender)).as("sender is virtual on Java %d", Runtime.version().feature())
                .isEqualTo(BlockingThreads.virtualAvailable());
        assertThat(sender.isDaemon()).as("sender is a daemon").isTrue();
        assertThat(sender.getName()).isEqualTo("kind-sender");
    }

    @Test
    void withVirtualThreadsSwitchedOffSendersArePlatformDaemons() throws InterruptedException {
        System.setProperty(BlockingThreads.PROPERTY, "false");
        Thread sender = senderOf(BlockingThreads.named(() -> "platform-sender"));

        assertThat(BlockingThreads.isVirtual(sender)).as("sender is virtual").isFalse();
        assertThat(sender.isDaemon()).as("sender is a daemon").isTrue();
    }

    @Test
    void closeEndsEverySenderVirtualOrNot() throws InterruptedException {
        BlockingThreads threads = BlockingThreads.named(() -> "closed-sender");
        SenderPool pool = new SenderPool(8, 30, threads);
        CountDownLatch running = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            assertThat(pool.trySubmit(() -> {
                running.countDown();
                try {
                    new CountDownLatch(1).await(); // a send that never returns
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                pool.release();
            })).isTrue();
        }
        assertThat(running.await(10, TimeUnit.SECONDS)).as("3 senders blocked").isTrue();
        Set<Thread> started = threads.live();

        pool.close(2_000);

        assertThat(started).as("senders started").hasSize(3).noneMatch(Thread::isAlive);
        assertThat(threads.live()).as("senders left after close").isEmpty();
    }

    /** The thread a task submitted to a fresh pool of {@code threads} runs on. */
    private static Thread senderOf(BlockingThreads threads) throws InterruptedException {
        SenderPool pool = new SenderPool(4, 30, threads);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        try {
            assertThat(pool.trySubmit(() -> {
                ranOn.set(Thread.currentThread());
                pool.release();
                ran.countDown();
            })).isTrue();
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("task ran").isTrue();
        } finally {
            pool.close(2_000);
        }
        return ranOn.get();
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
