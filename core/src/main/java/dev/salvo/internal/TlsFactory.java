package dev.salvo.internal;

import dev.salvo.Tls;
import dev.salvo.spi.TlsSettings;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/** Turns the user's {@link Tls} options into the {@link TlsSettings} every transport takes. */
public final class TlsFactory {
    private TlsFactory() {
    }

    public static TlsSettings settings(Tls tls) {
        try {
            X509TrustManager trust = tls.isInsecure() ? new TrustAll() : trustManager(tls.trustStore());
            X509KeyManager key = tls.clientKeyStore() == null ? null : keyManager(tls.clientKeyStore(), tls.clientKeyPassword());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(key == null ? null : new KeyManager[] {key}, new TrustManager[] {trust}, null);
            return new TlsSettings(ctx, trust, key, !tls.isInsecure());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tls: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager available");
    }

    private static X509KeyManager keyManager(KeyStore store, char[] password) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        for (KeyManager km : kmf.getKeyManagers()) {
            if (km instanceof X509KeyManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509KeyManager available");
    }

    /**
     * Accepts every certificate. Being an {@link X509ExtendedTrustManager}, it also stops the JDK's
     * endpoint identification, which lives in the trust manager: this is the insecure mode.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
