package dev.salvo.bench;

import java.net.URI;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.io.CloseMode;

/** Apache HttpClient 5 async (classic HTTP/1.1 over its I/O reactor): one started client, pool total and per route raised to the concurrency. */
final class ApacheAsyncLoad extends PeerLoad {
    private CloseableHttpAsyncClient client;

    @Override
    void open(URI uri, int concurrency) {
        client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(concurrency).setMaxConnPerRoute(concurrency).build())
                .disableAutomaticRetries()
                .build();
        client.start();
    }

    @Override
    void send(URI uri, Done done) {
        client.execute(SimpleRequestBuilder.get(uri).build(), new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse r) {
                byte[] body = r.getBodyBytes();
                done.ok(r.getCode(), body == null ? 0 : body.length);
            }

            @Override
            public void failed(Exception e) {
                done.failed(e);
            }

            @Override
            public void cancelled() {
                done.failed(new IllegalStateException("cancelled"));
            }
        });
    }

    @Override
    public void close() {
        if (client != null) {
            client.close(CloseMode.IMMEDIATE);
        }
    }
}
