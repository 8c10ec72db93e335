package dev.salvo;

import dev.salvo.spi.HttpVersion;
import java.time.Duration;
import java.util.Objects;

/**
 * A client's settings: an immutable value made by {@link Salvo#builder()} (or
 * {@link #builder()} for users wiring their own Guice injector with {@link SalvoModule}).
 *
 * <p>Defaults: connect timeout 10 s, read timeout 30 s, no per-attempt or total timeout, no
 * retries, no rate limit, redirects followed up to 30, buffered bodies capped at 128 MiB raw
 * and 128 MiB decompressed, HTTP/1.1, TLS verified against the JVM trust store, no cap on
 * connections other than the batch concurrency, 256 idle connections kept for 60 s.
 */
public final class SalvoConfig {
    private final String transport;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration requestTimeout;
    private final Duration totalTimeout;
    private final Retry retry;
    private final RateLimit rateLimit;
    private final RateLimit rateLimitPerHost;
    private final boolean followRedirects;
    private final int maxRedirects;
    private final long maxResponseBodySize;
    private final long maxDecompressedBodySize;
    private final Headers defaultHeaders;
    private final Tls tls;
    private final int maxConnections;
    private final int maxConnectionsPerHost;
    private final int maxIdleConnections;
    private final Duration idleTimeout;
    private final Protocol protocol;
    private final int ioThreads;
    private final int callbackThreads;

    private SalvoConfig(Settings<?> s) {
        this.transport = s.transport;
        this.connectTimeout = s.connectTimeout;
        this.readTimeout = s.readTimeout;
        this.requestTimeout = s.requestTimeout;
        this.totalTimeout = s.totalTimeout;
        this.retry = s.retry;
        this.rateLimit = s.rateLimit;
        this.rateLimitPerHost = s.rateLimitPerHost;
        this.followRedirects = s.followRedirects;
        this.maxRedirects = s.maxRedirects;
        this.maxResponseBodySize = s.maxResponseBodySize;
        this.maxDecompressedBodySize = s.maxDecompressedBodySize;
        this.defaultHeaders = s.headers.build().requireAsciiValues();
        this.tls = s.tls;
        this.maxConnections = s.maxConnections;
        this.maxConnectionsPerHost = s.maxConnectionsPerHost;
        this.maxIdleConnections = s.maxIdleConnections;
        this.idleTimeout = s.idleTimeout;
        this.protocol = s.protocol;
        this.ioThreads = s.ioThreads;
        this.callbackThreads = s.callbackThreads;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SalvoConfig defaults() {
        return builder().build();
    }

    /** The transport name asked for, or null to choose by property, environment or classpath. */
    public String transport() {
        return transport;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** Default timeout of one attempt (redirects included), or null for none. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Default timeout of a request across all its attempts and backoffs, or null for none. */
    public Duration totalTimeout() {
        return totalTimeout;
    }

    /** The retry policy of requests whose session, batch or request sets none; {@link Retry#none()} by default. */
    public Retry retry() {
        return retry;
    }

    /** The limit on all requests per second, or null for none. */
    public RateLimit rateLimit() {
        return rateLimit;
    }

    /** The limit on requests per second to each host, or null for none. */
    public RateLimit rateLimitPerHost() {
        return rateLimitPerHost;
    }

    public boolean followRedirects() {
        return followRedirects;
    }

    public int maxRedirects() {
        return maxRedirects;
    }

    public long maxResponseBodySize() {
        return maxResponseBodySize;
    }

    public long maxDecompressedBodySize() {
        return maxDecompressedBodySize;
    }

    /** Headers sent with every request unless the request sets them (User-Agent among them). */
    public Headers defaultHeaders() {
        return defaultHeaders;
    }

    public Tls tls() {
        return tls;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    public int maxIdleConnections() {
        return maxIdleConnections;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The HTTP version asked of the transport; {@link Protocol#HTTP_1_1} by default. */
    public Protocol protocol() {
        return protocol;
    }

    public int ioThreads() {
        return ioThreads;
    }

    public int callbackThreads() {
        return callbackThreads;
    }

    /** Builds a {@link SalvoConfig}. */
    public static final class Builder extends Settings<Builder> {
        Builder() {
        }

        public SalvoConfig build() {
            return new SalvoConfig(this);
        }
    }

    /**
     * The settings shared by {@link Builder} and {@link Salvo.Builder}. Every setter validates
     * its input and names the setting on error.
     */
    public abstract static class Settings<B extends Settings<B>> {
        private String transport;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration requestTimeout;
        private Duration totalTimeout;
        private Retry retry = Retry.none();
        private RateLimit rateLimit;
        private RateLimit rateLimitPerHost;
        private boolean followRedirects = true;
        private int maxRedirects = 30;
        private long maxResponseBodySize = 128L << 20;
        private long maxDecompressedBodySize = 128L << 20;
        private final Headers.Builder headers = Headers.builder().add("User-Agent", "salvo/" + Version.VERSION);
        private Tls tls = Tls.defaults();
        private int maxConnections = Integer.MAX_VALUE;
        private int maxConnectionsPerHost = Integer.MAX_VALUE;
        private int maxIdleConnections = 256;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Protocol protocol = Protocol.HTTP_1_1;
        private int ioThreads;
        private int callbackThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

        Settings() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Uses the transport of this name ("jdk", "netty", "okhttp") instead of discovering one. */
        public B transport(String name) {
            this.transport = Objects.requireNonNull(name, "transport");
            return self();
        }

        public B connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(Checks.checkDuration("connectTimeout", d), "connectTimeout");
            return self();
        }

        /** Longest wait for the next byte of a response. */
        public B readTimeout(Duration d) {
            this.readTimeout = Objects.requireNonNull(Checks.checkDuration("readTimeout", d), "readTimeout");
            return self();
        }

        /** Default limit on one attempt of a request (redirects included); requests may set their own. */
        public B requestTimeout(Duration d) {
            this.requestTimeout = Checks.checkDuration("requestTimeout", d);
            return self();
        }

        /** Default limit on a request across all its attempts and backoffs; requests may set their own. */
        public B totalTimeout(Duration d) {
            this.totalTimeout = Checks.checkDuration("totalTimeout", d);
            return self();
        }

        /** The retry policy of every request whose session, batch or request sets none (default: none). */
        public B retry(Retry retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return self();
        }

        /** Limits all of this client's exchanges together (retries and redirects included). */
        public B rateLimit(RateLimit limit) {
            this.rateLimit = Objects.requireNonNull(limit, "rateLimit");
            return self();
        }

        /** Limits this client's exchanges with each host separately (retries and redirects included). */
        public B rateLimitPerHost(RateLimit limit) {
            this.rateLimitPerHost = Objects.requireNonNull(limit, "rateLimitPerHost");
            return self();
        }

        public B followRedirects(boolean follow) {
            this.followRedirects = follow;
            return self();
        }

        public B maxRedirects(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxRedirects: must be >= 0, got " + max);
            }
            this.maxRedirects = max;
            return self();
        }

        /** Cap on a buffered response body as received; larger fails with BODY_TOO_LARGE. */
        public B maxResponseBodySize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxResponseBodySize: must be >= 0, got " + bytes);
            }
            this.maxResponseBodySize = bytes;
            return self();
        }

        /** Cap on a body after gzip/deflate decoding; larger fails with BODY_TOO_LARGE. */
        public B maxDecompressedBodySize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxDecompressedBodySize: must be >= 0, got " + bytes);
            }
            this.maxDecompressedBodySize = bytes;
            return self();
        }

        /**
         * A header sent with every request that does not set it (nor its session). A credential
         * (Authorization, Proxy-Authorization, Cookie) is sent only to the origin a request was
         * sent to, never to another scheme, host or port it is redirected to.
         */
        public B header(String name, String value) {
            headers.set(name, value);
            return self();
        }

        public B userAgent(String userAgent) {
            return header("User-Agent", userAgent);
        }

        public B tls(Tls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return self();
        }

        /** A hard cap on open connections; by default only batch concurrency limits them. */
        public B maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections: must be >= 1, got " + max);
            }
            this.maxConnections = max;
            return self();
        }

        public B maxConnectionsPerHost(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnectionsPerHost: must be >= 1, got " + max);
            }
            this.maxConnectionsPerHost = max;
            return self();
        }

        public B maxIdleConnections(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxIdleConnections: must be >= 0, got " + max);
            }
            this.maxIdleConnections = max;
            return self();
        }

        public B idleTimeout(Duration d) {
            this.idleTimeout = Objects.requireNonNull(Checks.checkDuration("idleTimeout", d), "idleTimeout");
            return self();
        }

        /** {@link Protocol#HTTP_2} for HTTP/2 where the transport supports it; HTTP/1.1 otherwise (the default). */
        public B protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return self();
        }

        /**
         * The HTTP version by the SPI's name for it.
         *
         * @deprecated use {@link #protocol(Protocol)}; the SPI's {@link HttpVersion} is for transports
         */
        @Deprecated(since = "0.2", forRemoval = true)
        public B protocol(HttpVersion protocol) {
            return protocol(Protocol.valueOf(Objects.requireNonNull(protocol, "protocol").name()));
        }

        /** I/O threads for transports that take a number; 0 (default) lets the transport size for the machine. */
        public B ioThreads(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("ioThreads: must be >= 0, got " + n);
            }
            this.ioThreads = n;
            return self();
        }

        /** Threads running per-request callbacks and completing {@code send} futures. */
        public B callbackThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("callbackThreads: must be >= 1, got " + n);
            }
            this.callbackThreads = n;
            return self();
        }

        SalvoConfig toConfig() {
            return new SalvoConfig(this);
        }
    }
}
