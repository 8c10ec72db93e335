package dev.salvo.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** Vert.x WebClient: one Vert.x instance, one WebClient whose HTTP/1.1 pool holds as many connections as requests in flight. */
final class VertxLoad extends PeerLoad {
    private Vertx vertx;
    private WebClient client;

    @Override
    void open(URI uri, int concurrency) {
        vertx = Vertx.vertx();
        WebClientOptions options = new WebClientOptions().setKeepAlive(true);
        client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(concurrency));
    }

    @Override
    void send(URI uri, Done done) {
        client.getAbs(uri.toString()).send().onComplete(ar -> {
            if (ar.succeeded()) {
                var body = ar.result().body();
                done.ok(ar.result().statusCode(), body == null ? 0 : body.length());
            } else {
                done.failed(ar.cause());
            }
        });
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
