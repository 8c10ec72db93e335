package dev.salvo.bench;

import java.net.URI;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reactor Netty's HttpClient as its docs write many requests: a {@code Flux} of requests through
 * {@code flatMap} with the concurrency, one client over a connection pool of that many connections
 * and an unbounded queue of pending acquires.
 */
final class ReactorNettyLoad implements Load {
    private ConnectionProvider provider;
    private HttpClient client;

    @Override
    public void run(URI uri, long n, int concurrency, Tally tally) {
        if (client == null) {
            provider = ConnectionProvider.builder("bench").maxConnections(concurrency).pendingAcquireMaxCount(-1).build();
            client = HttpClient.create(provider).keepAlive(true);
        }
        String url = uri.toString();
        Flux.range(0, Math.toIntExact(n))
                .flatMap(i -> {
                    long start = System.nanoTime();
                    return client.get().uri(url)
                            .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
                                    .doOnNext(b -> {
                                        if (response.status().code() == 200) {
                                            tally.ok(start, b.length);
                                        } else {
                                            tally.failed();
                                        }
                                    }))
                            .onErrorResume(e -> {
                                tally.failed();
                                return reactor.core.publisher.Mono.empty();
                            });
                }, concurrency)
                .blockLast();
    }

    @Override
    public void close() {
        if (provider != null) {
            provider.disposeLater().block();
        }
    }
}
