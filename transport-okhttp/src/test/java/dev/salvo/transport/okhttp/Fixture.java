package dev.salvo.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import dev.salvo.internal.TlsFactory;
import dev.salvo.spi.HttpVersion;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportRequest;
import dev.salvo.testserver.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's embedded server and an OkHttp transport over it (started before and closed after
 * its tests), and the few helpers the tests share: configs, requests, waiting for a result.
 */
final class Fixture implements BeforeAllCallback, AfterAllCallback {
    private TestServer server;
    private OkHttpTransport transport;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start();
        transport = transport(config());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
    }

    TestServer server() {
        return server;
    }

    OkHttpTransport transport() {
        return transport;
    }

    URI url(String path) {
        return server.httpUrl().resolve(path);
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
        return new TransportConfig(Duration.ofSeconds(5), readTimeout, maxConnections, maxPerHost, maxIdle,
                idleTimeout, TlsFactory.settings(dev.salvo.Tls.defaults()), HttpVersion.HTTP_1_1, 0);
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
        return new TransportRequest(method, uri, headers, body, Duration.ofSeconds(5), Duration.ofSeconds(10), stream,
                16 << 20);
    }

    static TransportRequest withTimeouts(TransportRequest r, Duration connect, Duration read) {
        return new TransportRequest(r.method(), r.uri(), r.headers(), r.body(), connect, read, r.streamResponse(),
                r.maxResponseBytes());
    }

    static TransportRequest withCap(TransportRequest r, long cap) {
        return new TransportRequest(r.method(), r.uri(), r.headers(), r.body(), r.connectTimeout(), r.readTimeout(),
                r.streamResponse(), cap);
    }

    // ---- results ----

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("exchange failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("exchange did not complete: " + e, e);
        }
    }

    /** Waits for {@code f} to fail and returns the type of its {@link SalvoException}. */
    static ErrorType failureType(CompletableFuture<?> f) {
        try {
            Object r = f.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + r);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SalvoException.class);
            return ((SalvoException) e.getCause()).type();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("exchange did not complete: " + e, e);
        }
    }

    /** Names of live threads starting with {@code prefix}. */
    static Set<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(prefix)).collect(Collectors.toSet());
    }
}
