package dev.salvo.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import dev.salvo.internal.TlsFactory;
import dev.salvo.spi.HttpVersion;
import dev.salvo.spi.TlsSettings;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.Certificates;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Helpers shared by the tests: configs, TLS settings, requests, waiting. */
final class Support {
    static final ObjectMapper JSON = new ObjectMapper();

    private Support() {
    }

    /** Unlimited connections, 64 idle for 60 s, the JVM's TLS, connect 5 s, read 10 s. */
    static TransportConfig config() {
        return config(c -> c);
    }

    static TransportConfig config(UnaryOperator<Cfg> settings) {
        return settings.apply(new Cfg()).build();
    }

    /** A mutable stand-in for {@link TransportConfig}'s many parameters. */
    static final class Cfg {
        Duration connectTimeout = Duration.ofSeconds(5);
        Duration readTimeout = Duration.ofSeconds(10);
        int maxConnections = Integer.MAX_VALUE;
        int maxPerHost = Integer.MAX_VALUE;
        int maxIdle = 64;
        Duration idleTimeout = Duration.ofSeconds(60);
        TlsSettings tls = jvmDefaultTls();
        int ioThreads;

        Cfg maxConnections(int n) {
            maxConnections = n;
            return this;
        }

        Cfg maxPerHost(int n) {
            maxPerHost = n;
            return this;
        }

        Cfg maxIdle(int n) {
            maxIdle = n;
            return this;
        }

        Cfg idleTimeout(Duration d) {
            idleTimeout = d;
            return this;
        }

        Cfg tls(TlsSettings t) {
            tls = t;
            return this;
        }

        Cfg ioThreads(int n) {
            ioThreads = n;
            return this;
        }

        TransportConfig build() {
            return new TransportConfig(connectTimeout, readTimeout, maxConnections, maxPerHost, maxIdle, idleTimeout, tls,
                    HttpVersion.HTTP_1_1, ioThreads);
        }
    }

    static NettyTransport transport(TransportConfig config) {
        return (NettyTransport) new NettyTransportProvider().create(config);
    }

    static TlsSettings jvmDefaultTls() {
        return TlsFactory.settings(dev.salvo.Tls.defaults());
    }

    static TlsSettings trusting(Certificates certs) {
        return TlsFactory.settings(dev.salvo.Tls.builder().trustStore(certs.trustStore()).build());
    }

    // ---- requests ----

    static Req get(URI uri) {
        return new Req("GET", uri);
    }

    static Req req(String method, URI uri) {
        return new Req(method, uri);
    }

    /** A small builder for {@link TransportRequest}s. */
    static final class Req {
        private final String method;
        private final URI uri;
        private final Headers.Builder headers = Headers.builder();
        private Body body;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private boolean stream;
        private long cap = 16 << 20;

        Req(String method, URI uri) {
            this.method = method;
            this.uri = uri;
            headers.add("User-Agent", "salvo-transport-netty-test");
        }

        Req header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        Req body(Body b) {
            this.body = b;
            b.contentType().ifPresent(t -> headers.set("Content-Type", t));
            return this;
        }

        Req connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        Req readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        Req streaming() {
            this.stream = true;
            return this;
        }

        Req cap(long bytes) {
            this.cap = bytes;
            return this;
        }

        TransportRequest build() {
            return new TransportRequest(method, uri, headers.build(), body, connectTimeout, readTimeout, stream, cap);
        }
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

    /** Waits for {@code f} to fail and returns its {@link SalvoException}. */
    static SalvoException failure(CompletableFuture<?> f) {
        try {
            Object r = f.get(20, TimeUnit.SECONDS);
            return fail("expected a failure, got " + r);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SalvoException.class);
            return (SalvoException) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("exchange did not complete: " + e, e);
        }
    }

    static ErrorType failureType(CompletableFuture<?> f) {
        return failure(f).type();
    }

    static JsonNode json(TransportResponse r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    /** A request header as the server echoed it, looked up ignoring case; null if absent. */
    static String echoedHeader(JsonNode echo, String name) {
        JsonNode headers = echo.path("headers");
        for (java.util.Iterator<String> it = headers.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (n.equalsIgnoreCase(name)) {
                return headers.get(n).asText();
            }
        }
        return null;
    }

    static String connectionId(TransportResponse r) {
        return r.headers().firstOrNull("X-Salvo-Connection");
    }

    /** Names of live threads starting with any of the prefixes. */
    static Set<String> threadsNamed(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> {
                    for (String p : prefixes) {
                        if (n.startsWith(p)) {
                            return true;
                        }
                    }
                    return false;
                })
                .collect(Collectors.toSet());
    }
}
