package dev.salvo.transport.jdk;

import dev.salvo.spi.TlsSettings;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for the JDK client.
 *
 * <p>With hostname verification on (the default), the {@link SSLContext} core built is used as is
 * and the client's SSL parameters ask for {@code HTTPS} endpoint identification.
 *
 * <p>With it off, the JDK client still asks for {@code HTTPS} endpoint identification on every
 * connection (only a JVM-wide system property turns that off), and JSSE performs that check inside
 * an {@link X509ExtendedTrustManager}. So a context is built from core's trust and key managers with
 * the trust manager wrapped in one whose engine- and socket-aware checks delegate to the plain
 * chain check, which never looks at the host name. Core's insecure trust-all manager would skip the
 * check anyway; the wrapper makes "no hostname check" hold for any trust manager core hands over.
 */
final class Tls {
    private Tls() {
    }

    static SSLContext contextFor(TlsSettings tls) {
        if (tls.verifyHostname()) {
            return tls.sslContext();
        }
        try {
            SSLContext ctx = SSLContext.getInstance(tls.sslContext().getProtocol());
            KeyManager[] keys = tls.keyManager() == null ? new KeyManager[0] : new KeyManager[] {tls.keyManager()};
            ctx.init(keys, new TrustManager[] {new NoHostnameCheck(tls.trustManager())}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context without hostname verification: " + e, e);
        }
    }

    static SSLParameters parametersFor(SSLContext ctx, TlsSettings tls) {
        SSLParameters params = ctx.getDefaultSSLParameters();
        params.setEndpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : null);
        return params;
    }

    /**
     * Checks the chain with the delegate and never the host name. It serves a client only: the
     * client-side checks (asked only of a server) refuse every chain.
     */
    static final class NoHostnameCheck extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;

        NoHostnameCheck(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw serversOnly();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw serversOnly();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw serversOnly();
        }

        private static CertificateException serversOnly() {
            return new CertificateException("this trust manager checks servers only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
