package dev.salvo.transport.jdk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
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
 *
 * <p>A task submitted from a sender that is done with its send (core starting the next request
 * from the completion of the last) is kept for that sender, which runs it as soon as its current
 * task returns: no other thread is woken, as with a thread that loops over blocking sends.
 *
 * <p>The threads come from the factory given (the transport's are virtual on Java 21+, see
 * {@link dev.salvo.spi.BlockingThreads}); a sender's own state lives beside its thread, not in it.
 */
final class SenderPool {
    private final int max;
    private final long keepAliveNanos;
    private final ThreadFactory factory;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    /** Threads that will take the next task without one being started: idle, or done with their send. */
    private final AtomicInteger available = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    /** Each sender thread started and not ended, with its state. */
    private final Map<Thread, Sender> live = new ConcurrentHashMap<>();
    private volatile boolean closed;

    SenderPool(int max, long keepAliveSeconds, ThreadFactory factory) {
        this.max = max;
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAliveSeconds);
        this.factory = factory;
    }

    /**
     * Runs {@code task} on a sender; false when all {@code max} senders are busy. The task must call
     * {@link #release()} once its blocking part is over. Throws RejectedExecutionException once closed.
     */
    boolean trySubmit(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("the sender pool is closed");
        }
        Sender self = live.get(Thread.currentThread());
        if (self != null && self.next == null && reserve(available)) {
            self.next = task;
            return true;
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
        Sender sender = new Sender();
        Thread t = factory.newThread(() -> loop(sender));
        live.put(t, sender);
        t.start();
    }

    private void loop(Sender self) {
        try {
            while (!closed) {
                Runnable task = self.next;
                if (task != null) {
                    self.next = null;
                } else {
                    task = tasks.poll(keepAliveNanos, TimeUnit.NANOSECONDS);
                }
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
        for (Thread t : live.keySet()) {
            t.interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread t : live.keySet()) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        tasks.clear();
    }

    /**
     * What a sender thread keeps: {@code next}, a task kept for it by {@link #trySubmit} (only the
     * thread itself sets or reads it), submitted from the thread, so from the completion of its own
     * exchange, which happens once its send is over.
     */
    private static final class Sender {
        Runnable next;
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
