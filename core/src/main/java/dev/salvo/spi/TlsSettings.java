package dev.salvo.spi;

import dev.salvo.Tls;
import dev.salvo.internal.TlsFactory;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS as core resolved it from the user's options, in the forms stacks take: an
 * {@link SSLContext} (JDK client), and the trust and key managers it was made from (OkHttp,
 * Netty).
 *
 * @param sslContext      initialised with exactly {@code trustManager} and {@code keyManager}
 * @param trustManager    the JVM's default, one trusting a custom CA, or (insecure) one trusting all
 * @param keyManager      the client certificate's key manager, or null when none is configured
 * @param verifyHostname  false only in the explicitly named insecure mode
 */
public record TlsSettings(SSLContext sslContext, X509TrustManager trustManager, X509KeyManager keyManager,
                          boolean verifyHostname) {
    public TlsSettings {
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(trustManager, "trustManager");
    }

    /**
     * The settings core gives a transport for the user's {@code tls} options (what a client built
     * with them hands its transport); fails with IllegalArgumentException when a store cannot be used.
     */
    public static TlsSettings of(Tls tls) {
        return TlsFactory.settings(Objects.requireNonNull(tls, "tls"));
    }
}
