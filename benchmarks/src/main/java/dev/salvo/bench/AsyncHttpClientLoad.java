package dev.salvo.bench;

import java.net.URI;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;

/** AsyncHttpClient: one client (its docs: share it), connections total and per host raised to the concurrency. */
final class AsyncHttpClientLoad extends PeerLoad {
    private AsyncHttpClient client;

    @Override
    void open(URI uri, int concurrency) {
        client = Dsl.asyncHttpClient(Dsl.config().setKeepAlive(true).setMaxConnections(concurrency)
                .setMaxConnectionsPerHost(concurrency));
    }

    @Override
    void send(URI uri, Done done) {
        client.prepareGet(uri.toString()).execute().toCompletableFuture().whenComplete((r, e) -> {
            if (e == null) {
                done.ok(r.getStatusCode(), r.getResponseBodyAsBytes().length);
            } else {
                done.failed(e);
            }
        });
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
        }
    }
}
