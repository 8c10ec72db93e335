package dev.salvo.bench;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import java.net.URI;

/**
 * Armeria's WebClient: one client on one ClientFactory, HTTP/1.1 cleartext asked for by its
 * {@code h1c} scheme (nginx speaks no h2c, so no upgrade attempt first), and every event loop
 * allowed to hold connections to the one endpoint (the default is one event loop per endpoint).
 * Armeria's HTTP/1.1 pool has no size cap; the semaphore holds the concurrency.
 */
final class ArmeriaLoad extends PeerLoad {
    private ClientFactory factory;
    private WebClient client;
    private String path;

    @Override
    void open(URI uri, int concurrency) {
        int loops = Runtime.getRuntime().availableProcessors() * 2;
        factory = ClientFactory.builder().maxNumEventLoopsPerEndpoint(loops).maxNumEventLoopsPerHttp1Endpoint(loops)
                .build();
        client = WebClient.builder("h1c://" + uri.getAuthority()).factory(factory).build();
        path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    @Override
    void send(URI uri, Done done) {
        client.get(path).aggregate().whenComplete((r, e) -> {
            if (e == null) {
                done.ok(r.status().code(), r.content().length());
            } else {
                done.failed(e);
            }
        });
    }

    @Override
    public void close() {
        if (factory != null) {
            factory.close();
        }
    }
}
