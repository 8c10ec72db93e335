package dev.salvo.transport.jdk;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sender threads of {@link BlockingSend}: at most {@code max} threads, each running one
 * blocking exchange at a time, reused, ended after {@code keepAliveSeconds} without work.
 *
 * <p>Unlike a ThreadPoolExecutor handing tasks over a SynchronousQueue, a sender counts as free as
 * soon as its {@code send} returns ({@link #release()}), before it completes the exchange's future.
 * Completing that future is what lets core start the next request, so the next request finds that
 * sender instead of starting a thread of its own: at a steady concurrency no thread is started.
 */
final class SenderPool {
    private final int max;
    private final long keepAliveNanos;
    private final java.util.function.Supplier<String> names;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    /** Threads that will take the next task without one being started: idle, or done with their send. */
    private final AtomicInteger available = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    SenderPool(int max, long keepAliveSeconds, java.util.function.Supplier<String> names) {
        this.max = max;
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAliveSeconds);
        this.names = names;
    }

    /**
     * Runs {@code task} on a sender; false when all {@code max} senders are busy. The task must call
     * {@link #release()} once its blocking part is over. Throws RejectedExecutionException once closed.
     */
    boolean trySubmit(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("the sender pool is closed");
        }
        if (reserve(available)) {
            tasks.add(task);
            return true;
        }
        if (reserveBelow(threads, max)) {
            tasks.add(task);
            start();
            return true;
        }
        return false;
    }

    /** Called by a task on its sender when the blocking part is over: the sender takes the next task. */
    void release() {
        available.incrementAndGet();
    }

    private void start() {
        Thread t = new Thread(this::loop, names.get());
        t.setDaemon(true);
        live.add(t);
        t.start();
    }

    private void loop() {
        try {
            while (!closed) {
                Runnable task = tasks.poll(keepAliveNanos, TimeUnit.NANOSECONDS);
                if (task != null) {
                    task.run();
                } else if (reserve(available)) {
                    return; // idle for the keep-alive time and not promised to anyone
                }
            }
        } catch (InterruptedException e) {
            // closing
        } finally {
            threads.decrementAndGet();
            live.remove(Thread.currentThread());
        }
    }

    /** Ends every sender (interrupting a blocked send) and waits up to {@code millis} for them. */
    void close(long millis) throws InterruptedException {
        closed = true;
        for (Thread t : live) {
            t.interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread t : live) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        tasks.clear();
    }

    private static boolean reserve(AtomicInteger counter) {
        return reserveBelow(counter, Integer.MAX_VALUE, -1);
    }

    private static boolean reserveBelow(AtomicInteger counter, int limit) {
        return reserveBelow(counter, limit, +1);
    }

    /** Adds {@code delta} to {@code counter} if the result stays within 0 and {@code limit}. */
    private static boolean reserveBelow(AtomicInteger counter, int limit, int delta) {
        while (true) {
            int n = counter.get();
            int next = n + delta;
            if (next < 0 || next > limit) {
                return false;
            }
            if (counter.compareAndSet(n, next)) {
                return true;
            }
        }
    }
}
