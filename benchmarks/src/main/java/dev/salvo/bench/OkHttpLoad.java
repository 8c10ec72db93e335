package dev.salvo.bench;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * OkHttp used directly with {@code enqueue}: with its default dispatcher (5 requests per host),
 * or with the dispatcher and the pool raised to the concurrency asked for.
 */
final class OkHttpLoad implements Load {
    private final boolean tuned;
    private OkHttpClient client;

    OkHttpLoad(boolean tuned) {
        this.tuned = tuned;
    }

    private OkHttpClient client(int concurrency) {
        if (client == null) {
            OkHttpClient.Builder b = new OkHttpClient.Builder().retryOnConnectionFailure(false);
            if (tuned) {
                Dispatcher d = new Dispatcher();
                d.setMaxRequests(concurrency);
                d.setMaxRequestsPerHost(concurrency);
                b.dispatcher(d).connectionPool(new ConnectionPool(concurrency, 5, TimeUnit.MINUTES));
            }
            client = b.build();
        }
        return client;
    }

    @Override
    public void run(URI uri, long n, int concurrency, Tally tally) throws InterruptedException {
        OkHttpClient c = client(concurrency);
        Request request = new Request.Builder().url(uri.toString()).build();
        Semaphore permits = new Semaphore(concurrency);
        for (long i = 0; i < n; i++) {
            permits.acquire();
            long start = System.nanoTime();
            c.newCall(request).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                    try (ResponseBody body = response.body()) {
                        long length = body.bytes().length;
                        if (response.code() == 200) {
                            tally.ok(start, length);
                        } else {
                            tally.failed();
                        }
                    } catch (IOException e) {
                        tally.failed();
                    } finally {
                        permits.release();
                    }
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    tally.failed();
                    permits.release();
                }
            });
        }
        permits.acquire(concurrency);
        permits.release(concurrency);
    }

    @Override
    public void close() {
        if (client != null) {
            client.dispatcher().executorService().shutdownNow();
            client.connectionPool().evictAll();
        }
    }
}
