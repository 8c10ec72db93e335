package dev.salvo.transport.jdk;

import java.util.concurrent.ScheduledFuture;

/**
 * The read timeout of one exchange, where the JDK client has none: the longest quiet time allowed
 * since the last sign of progress.
 *
 * <p>One pending task on the transport's scheduler per exchange, not one per byte: when it runs it
 * looks at the time of the last {@link #touch()} and, if the timeout has not passed, re-arms itself
 * for the rest of it. When the timeout has passed it runs {@code onIdle} once (the exchange then
 * fails with {@code READ_TIMEOUT}). A watchdog that is never {@link #arm() armed} never fires,
 * which is how the time spent connecting stays out of it: the exchange arms it only once the JDK
 * client has a connection and starts writing the request.
 *
 * <p>Thread-safe. {@link #stop()} is final: a stopped watchdog is never armed again.
 */
final class IdleWatchdog {
    private final JdkTransport transport;
    private final long timeoutNanos;
    private final Runnable onIdle;
    private volatile long lastActivity = System.nanoTime();

    // guarded by this
    private boolean stopped;
    private ScheduledFuture<?> pending;

    /** @param timeoutNanos the read timeout; 0 or less for none (the watchdog then never fires) */
    IdleWatchdog(JdkTransport transport, long timeoutNanos, Runnable onIdle) {
        this.transport = transport;
        this.timeoutNanos = timeoutNanos;
        this.onIdle = onIdle;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    /** Records progress now. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    /** Starts timing from the last progress, unless already started or stopped. */
    void arm() {
        if (timeoutNanos <= 0) {
            return;
        }
        synchronized (this) {
            if (stopped || pending != null) {
                return;
            }
            pending = transport.schedule(this::check, timeoutNanos);
        }
    }

    /** Stops for good; a pending check is cancelled. */
    void stop() {
        ScheduledFuture<?> p;
        synchronized (this) {
            stopped = true;
            p = pending;
            pending = null;
        }
        if (p != null) {
            p.cancel(false);
        }
    }

    private void check() {
        long idle = System.nanoTime() - lastActivity;
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (idle < timeoutNanos) {
                pending = transport.schedule(this::check, timeoutNanos - idle);
                return;
            }
            stopped = true;
            pending = null;
        }
        onIdle.run();
    }
}
