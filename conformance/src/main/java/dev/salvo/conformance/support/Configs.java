package dev.salvo.conformance.support;

import dev.salvo.Tls;
import dev.salvo.spi.HttpVersion;
import dev.salvo.spi.TlsSettings;
import dev.salvo.spi.TransportConfig;
import dev.salvo.testserver.Certificates;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * {@link TransportConfig}s and {@link TlsSettings} for a transport's tests, built as core builds
 * them (TLS through {@link TlsSettings#of}, as core does), so a test sees what the transport sees under a client.
 *
 * <p>The defaults are core's: connect 5 s, read 10 s, no cap on connections in all or per host, 64
 * idle connections kept for 60 s, the JVM's default trust, HTTP/1.1, and the transport's own choice
 * of I/O threads. Invalid limits fail in {@link Builder#build()} with the
 * {@link IllegalArgumentException} of {@link TransportConfig}'s constructor; a certificate store that
 * cannot be loaded fails with the exception {@link TlsSettings#of} throws.
 */
public final class Configs {
    private Configs() {
    }

    /** A config with every default. */
    public static TransportConfig config() {
        return builder().build();
    }

    /** A config with every default but the TLS settings. */
    public static TransportConfig config(TlsSettings tls) {
        return builder().tls(tls).build();
    }

    /** A config with the defaults changed by {@code settings}, e.g. {@code config(c -> c.maxPerHost(1))}. */
    public static TransportConfig config(UnaryOperator<Builder> settings) {
        return settings.apply(builder()).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- TLS ----

    /** The JVM's default trust store, hostname verification on (core's default). */
    public static TlsSettings jvmDefaultTls() {
        return TlsSettings.of(Tls.defaults());
    }

    /** Trusts the test server's CA, hostname verification on. */
    public static TlsSettings trusting(Certificates certs) {
        return TlsSettings.of(Tls.builder().trustStore(certs.trustStore()).build());
    }

    /** Trusts the test server's CA and presents its client certificate (for the mutual-TLS port). */
    public static TlsSettings clientAuth(Certificates certs) {
        return TlsSettings.of(Tls.builder().trustStore(certs.trustStore())
                .clientCertificate(certs.clientKeyStore(), certs.clientKeyStorePassword()).build());
    }

    /** Core's insecure mode: trusts every certificate and skips hostname checks. */
    public static TlsSettings insecure() {
        return TlsSettings.of(Tls.builder().insecureTrustAllCertificatesAndHostnames().build());
    }

    /** Trusts the CA but asks for no hostname check: the transport must skip it itself. */
    public static TlsSettings trustingWithoutHostnameCheck(Certificates certs) {
        TlsSettings s = trusting(certs);
        return new TlsSettings(s.sslContext(), s.trustManager(), null, false);
    }

    /** A mutable stand-in for {@link TransportConfig}'s many parameters, starting from the defaults. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private int maxConnections = Integer.MAX_VALUE;
        private int maxPerHost = Integer.MAX_VALUE;
        private int maxIdle = 64;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private TlsSettings tls = jvmDefaultTls();
        private HttpVersion protocol = HttpVersion.HTTP_1_1;
        private int ioThreads;

        private Builder() {
        }

        /** Default connect timeout (5 s). */
        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        /** Default read timeout (10 s). */
        public Builder readTimeout(Duration d) {
            readTimeout = d;
            return this;
        }

        /** Cap on open connections in all (unlimited). */
        public Builder maxConnections(int n) {
            maxConnections = n;
            return this;
        }

        /** Cap on open connections per host (unlimited). */
        public Builder maxPerHost(int n) {
            maxPerHost = n;
            return this;
        }

        /** Idle connections kept (64). */
        public Builder maxIdle(int n) {
            maxIdle = n;
            return this;
        }

        /** How long an idle connection is kept (60 s). */
        public Builder idleTimeout(Duration d) {
            idleTimeout = d;
            return this;
        }

        /** TLS settings (the JVM's default trust). */
        public Builder tls(TlsSettings t) {
            tls = t;
            return this;
        }

        /** The protocol asked for (HTTP/1.1). */
        public Builder protocol(HttpVersion p) {
            protocol = p;
            return this;
        }

        /** I/O threads (0: the transport chooses). */
        public Builder ioThreads(int n) {
            ioThreads = n;
            return this;
        }

        /** The config; fails as {@link TransportConfig}'s constructor does on a null or out-of-range value. */
        public TransportConfig build() {
            return new TransportConfig(connectTimeout, readTimeout, maxConnections, maxPerHost, maxIdle, idleTimeout, tls,
                    protocol, ioThreads);
        }
    }
}
