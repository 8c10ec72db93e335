package dev.salvo.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The JDK client used directly with {@code sendAsync}: with its defaults (a cached thread pool
 * made by the client), or tuned with a fixed executor of one thread per core as a careful user
 * would set it.
 */
final class JdkLoad implements Load {
    private final ExecutorService executor;
    private final HttpClient client;

    JdkLoad(boolean tuned) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (tuned) {
            executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
                Thread t = new Thread(r, "jdk-raw");
                t.setDaemon(true);
                return t;
            });
            b.executor(executor);
        } else {
            executor = null;
        }
        client = b.build();
    }

    @Override
    public void run(URI uri, long n, int concurrency, Tally tally) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
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

    @Override
    public void close() {
        // Java 17's client cannot be shut down; the child JVM ends right after.
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
