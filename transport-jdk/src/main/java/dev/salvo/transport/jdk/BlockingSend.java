package dev.salvo.transport.jdk;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One exchange sent with the JDK client's blocking {@code send} on a pooled sender thread, as a
 * future like {@code sendAsync}'s.
 *
 * <p>Why: {@code HttpClient.sendAsync} hands its result to CompletableFuture's default executor
 * before returning it, and where the common pool has fewer than 2 threads (every machine of at
 * most 2 cores) that executor starts a new thread for each task: one thread started and ended per
 * response, which costs more CPU than the exchange itself. {@code send} skips that hand-off. The
 * price is a sender thread blocked for each exchange in flight; the threads are pooled, so they
 * are started once per slot of concurrency, not once per request. Where the common pool has 2
 * threads or more, {@link #wanted()} is false and the transport keeps {@code sendAsync}.
 *
 * <p>Cancelling the future interrupts the sender, and the JDK client then cancels the exchange
 * (closing its connection), as cancelling {@code sendAsync}'s future does. That happens on the
 * sender once it wakes; {@link #awaitSendReturned} waits for it where the connection must be
 * closed before the JDK client goes on.
 *
 * <p>A failure of {@code send} is passed on as it is (an IllegalArgumentException included: the
 * exchange tells a request the JDK refuses from a response head it cannot read).
 */
final class BlockingSend extends CompletableFuture<HttpResponse<Void>> implements Runnable {
    /** Overrides the choice: "async" or "blocking". */
    static final String PROPERTY = "salvo.jdk.send";

    private final SenderPool pool;
    private final AtomicBoolean released = new AtomicBoolean();
    private final CountDownLatch sendReturned = new CountDownLatch(1);
    private final HttpRequest request;
    // guarded by this: dropped once sent, so that a finished future keeps no client reachable
    // (on JDK 17 the transport's close() waits for its client to be collected)
    private HttpClient client;
    private HttpResponse.BodyHandler<Void> handler;
    // guarded by this: the sender while send() runs, else null
    private Thread sender;

    private BlockingSend(SenderPool pool, HttpClient client, HttpRequest request, HttpResponse.BodyHandler<Void> handler) {
        this.pool = pool;
        this.client = client;
        this.request = request;
        this.handler = handler;
    }

    /** Whether sendAsync would start a thread per response here (or the property asks for blocking sends). */
    static boolean wanted() {
        String choice = System.getProperty(PROPERTY, "");
        if (choice.equals("async") || choice.equals("blocking")) {
            return choice.equals("blocking");
        }
        return ForkJoinPool.getCommonPoolParallelism() < 2;
    }

    /**
     * Starts the exchange on one of {@code senders}' threads; null when all of them are busy. Throws
     * RejectedExecutionException once the pool is closed.
     */
    static CompletableFuture<HttpResponse<Void>> start(SenderPool senders, HttpClient client, HttpRequest request,
                                                       HttpResponse.BodyHandler<Void> handler) {
        BlockingSend send = new BlockingSend(senders, client, request, handler);
        return senders.trySubmit(send) ? send : null;
    }

    @Override
    public void run() {
        HttpClient c;
        HttpResponse.BodyHandler<Void> h;
        boolean cancelled;
        synchronized (this) {
            c = client;
            h = handler;
            client = null;
            handler = null;
            cancelled = isDone();
            sender = cancelled ? null : Thread.currentThread();
        }
        if (cancelled) {
            sendReturned.countDown();
            releaseSender();
            return;
        }
        HttpResponse<Void> response = null;
        Throwable failure = null;
        try {
            response = c.send(request, h);
        } catch (InterruptedException e) {
            failure = new CancellationException("the exchange was cancelled");
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            synchronized (this) {
                sender = null;
                Thread.interrupted(); // a cancel that came as send() returned must not reach the next exchange
            }
            sendReturned.countDown();
            // free before completing: completing lets core start the next request, which then finds this sender
            releaseSender();
        }
        if (failure == null) {
            complete(response);
        } else {
            completeExceptionally(failure);
        }
    }

    /**
     * Counts this exchange's sender as free, once. The exchange calls it when its buffered response
     * is complete, which is just before send() returns: core starts the next request as soon as the
     * response is handed over, and that request then waits the few microseconds for this sender
     * instead of starting another.
     */
    void releaseSender() {
        if (released.compareAndSet(false, true)) {
            pool.release();
        }
    }

    /**
     * Waits up to {@code millis} for {@code send} to have returned: after {@link #cancel}, the JDK
     * client has then cancelled the exchange and closed its connection. False if it has not (or
     * when called on the sender itself, which must not wait for itself).
     */
    boolean awaitSendReturned(long millis) {
        synchronized (this) {
            if (sender == Thread.currentThread()) {
                return false;
            }
        }
        try {
            return sendReturned.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        synchronized (this) {
            if (sender != null) {
                sender.interrupt();
            }
        }
        return cancelled;
    }
}
