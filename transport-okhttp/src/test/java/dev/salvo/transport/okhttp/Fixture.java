package dev.salvo.transport.okhttp;

import dev.salvo.Body;
import dev.salvo.Headers;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.RequestBuilder;
import dev.salvo.conformance.support.ServerAndTransport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A test class's embedded server and an OkHttp transport over it (started before and closed after
 * its tests), and the few helpers the tests share beyond {@code dev.salvo.conformance.support}:
 * configs, requests, OkHttp's threads.
 */
final class Fixture extends ServerAndTransport<OkHttpTransport> {

    Fixture() {
        super(Fixture::transport);
    }

    // ---- configs and transports ----

    /** Core's defaults: no cap on connections, 64 idle kept for 60 s, JVM trust store. */
    static TransportConfig config() {
        return config(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofSeconds(60));
    }

    static TransportConfig config(int maxConnections, int maxPerHost, Duration idleTimeout) {
        return config(maxConnections, maxPerHost, 64, idleTimeout, Duration.ofSeconds(10));
    }

    static TransportConfig config(int maxConnections, int maxPerHost, int maxIdle, Duration idleTimeout,
                                  Duration readTimeout) {
        return Configs.config(c -> c.readTimeout(readTimeout).maxConnections(maxConnections).maxPerHost(maxPerHost)
                .maxIdle(maxIdle).idleTimeout(idleTimeout));
    }

    static OkHttpTransport transport(TransportConfig config) {
        return (OkHttpTransport) new OkHttpTransportProvider().create(config);
    }

    // ---- requests ----

    static TransportRequest get(URI uri) {
        return request("GET", uri, Headers.of("Accept-Encoding", "gzip, deflate"), null, false);
    }

    static TransportRequest stream(URI uri) {
        return request("GET", uri, Headers.of("Accept-Encoding", "gzip, deflate"), null, true);
    }

    static TransportRequest request(String method, URI uri, Headers headers, Body body, boolean stream) {
        return new TransportRequest(method, uri, headers, body, RequestBuilder.DEFAULT_CONNECT_TIMEOUT,
                RequestBuilder.DEFAULT_READ_TIMEOUT, stream, RequestBuilder.DEFAULT_CAP);
    }

    static TransportRequest withTimeouts(TransportRequest r, Duration connect, Duration read) {
        return new TransportRequest(r.method(), r.uri(), r.headers(), r.body(), connect, read, r.streamResponse(),
                r.maxResponseBytes());
    }

    static TransportRequest withCap(TransportRequest r, long cap) {
        return new TransportRequest(r.method(), r.uri(), r.headers(), r.body(), r.connectTimeout(), r.readTimeout(),
                r.streamResponse(), cap);
    }

    /** Names of live threads starting with {@code prefix}. */
    static Set<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(prefix)).collect(Collectors.toSet());
    }
}
