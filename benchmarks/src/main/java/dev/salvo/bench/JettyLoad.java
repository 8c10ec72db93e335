package dev.salvo.bench;

import java.net.URI;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;

/**
 * Jetty 12's HttpClient: one started client, connections per destination raised to the
 * concurrency and the per-destination queue to more than ever waits (the default 1,024 would
 * refuse requests at W2's size 1,000 plus the semaphore's slack).
 */
final class JettyLoad extends PeerLoad {
    /** The largest body buffered; W1 and W2 bodies are small. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private HttpClient client;

    @Override
    void open(URI uri, int concurrency) throws Exception {
        client = new HttpClient();
        client.setMaxConnectionsPerDestination(concurrency);
        client.setMaxRequestsQueuedPerDestination(Math.max(1_024, concurrency * 2));
        client.start();
    }

    @Override
    void send(URI uri, Done done) {
        client.newRequest(uri).send(new BufferingResponseListener(MAX_BODY) {
            @Override
            public void onComplete(Result result) {
                if (result.isSucceeded()) {
                    done.ok(result.getResponse().getStatus(), getContent().length);
                } else {
                    done.failed(result.getFailure());
                }
            }
        });
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.stop();
        }
    }
}
