package dev.salvo.bench;

import java.net.URI;
import java.util.concurrent.Semaphore;

/**
 * The shape of a JVM peer's load: one client, made on the first run with its limits raised to the
 * concurrency asked for (as each peer's documentation recommends for many requests to one host),
 * and a semaphore holding at most that many requests in flight. A peer says how to make its
 * client and how to send one GET; a failure to make the client fails the cell.
 */
abstract class PeerLoad implements Load {
    /** How one GET ended; exactly one of the two is called, once. */
    interface Done {
        void ok(int status, long bodyBytes);

        void failed(Throwable cause);
    }

    private boolean open;

    /** Makes the client for at most {@code concurrency} requests in flight to {@code uri}'s host. */
    abstract void open(URI uri, int concurrency) throws Exception;

    /** Sends one GET of {@code uri} without blocking; {@code done} is told how it ended. */
    abstract void send(URI uri, Done done);

    @Override
    public final void run(URI uri, long n, int concurrency, Tally tally) throws Exception {
        if (!open) {
            open(uri, concurrency);
            open = true;
        }
        Semaphore permits = new Semaphore(concurrency);
        for (long i = 0; i < n; i++) {
            permits.acquire();
            long start = System.nanoTime();
            try {
                send(uri, new Done() {
                    @Override
                    public void ok(int status, long bodyBytes) {
                        if (status == 200) {
                            tally.ok(start, bodyBytes);
                        } else {
                            tally.failed();
                        }
                        permits.release();
                    }

                    @Override
                    public void failed(Throwable cause) {
                        tally.failed();
                        permits.release();
                    }
                });
            } catch (RuntimeException e) {
                // a client that refuses a request at once (queue full, closed) counts it as failed
                tally.failed();
                permits.release();
            }
        }
        permits.acquire(concurrency);
        permits.release(concurrency);
    }
}
