package dev.salvo.internal;

import dev.salvo.SalvoConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads core owns for one client: a pool where user code runs (callbacks, and the
 * completion of {@code send} futures, so nothing of the user's ever runs on an I/O thread) and a
 * timer for request timeouts. Both end when the client closes.
 */
@Singleton
public final class ClientResources implements AutoCloseable {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ThreadPoolExecutor callbacks;
    private final ScheduledThreadPoolExecutor timer;

    @Inject
    public ClientResources(SalvoConfig config) {
        int id = CLIENTS.incrementAndGet();
        int n = config.callbackThreads();
        this.callbacks = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("salvo-" + id + "-callback-"));
        this.callbacks.allowCoreThreadTimeOut(true);
        this.timer = new ScheduledThreadPoolExecutor(1, threads("salvo-" + id + "-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        this.timer.allowCoreThreadTimeOut(true);
    }

    /** Where user code runs. */
    public ExecutorService callbacks() {
        return callbacks;
    }

    /** Schedules timeouts. */
    public ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    @Override
    public void close() {
        callbacks.shutdown();
        timer.shutdownNow();
        try {
            if (!callbacks.awaitTermination(10, TimeUnit.SECONDS)) {
                callbacks.shutdownNow();
            }
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            callbacks.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
