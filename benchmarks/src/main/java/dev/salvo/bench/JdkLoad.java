package dev.salvo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK client used directly, three ways: {@code sendAsync} with the client's defaults (a cached
 * thread pool it makes), {@code sendAsync} with a fixed executor of one thread per core as a
 * careful user sets it, and the blocking {@code send} from one thread per slot of concurrency.
 * The last one shows what the JDK costs without its {@code sendAsync} hand-off to
 * CompletableFuture's default executor, which starts a thread per response when the common pool
 * has fewer than 2 threads (any machine of 2 cores or less).
 */
final class JdkLoad implements Load {
    enum Mode { DEFAULT, OWN_EXECUTOR, BLOCKING_SEND }

    private final Mode mode;
    private final ExecutorService executor;
    private final HttpClient client;

    JdkLoad(Mode mode) {
        this.mode = mode;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (mode == Mode.DEFAULT) {
            executor = null;
        } else {
            executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), JdkLoad::daemon);
            b.executor(executor);
        }
        client = b.build();
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "jdk-raw");
        t.setDaemon(true);
        return t;
    }

    @Override
    public void run(URI uri, long n, int concurrency, Tally tally) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        if (mode == Mode.BLOCKING_SEND) {
            runBlocking(request, n, concurrency, tally);
            return;
        }
        Semaphore permits = new Semaphore(concurrency);
        for (long i = 0; i < n; i++) {
            permits.acquire();
            long start = System.nanoTime();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 200) {
                    tally.ok(start, r.body().length);
                } else {
                    tally.failed();
                }
                permits.release();
            });
        }
        permits.acquire(concurrency);
        permits.release(concurrency);
    }

    private void runBlocking(HttpRequest request, long n, int concurrency, Tally tally) throws InterruptedException {
        AtomicLong left = new AtomicLong(n);
        Thread[] senders = new Thread[concurrency];
        for (int i = 0; i < concurrency; i++) {
            senders[i] = daemon(() -> {
                while (left.getAndDecrement() > 0) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() == 200) {
                            tally.ok(start, r.body().length);
                        } else {
                            tally.failed();
                        }
                    } catch (IOException e) {
                        tally.failed();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            senders[i].start();
        }
        for (Thread t : senders) {
            t.join();
        }
    }

    @Override
    public void close() {
        // Java 17's client cannot be shut down; the child JVM ends right after.
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
