package dev.salvo.transport.okhttp;

import dev.salvo.spi.TlsSettings;
import okhttp3.OkHttpClient;

/**
 * TLS for OkHttp, as core's {@link TlsSettings} describe it.
 *
 * <p>OkHttp takes a socket factory and the trust manager it was made from: both come from the
 * settings as they are (the JVM's trust store, a custom CA, or in the insecure mode a manager
 * trusting everything; the client certificate's key manager is already in the context). OkHttp
 * checks host names itself, with its {@code HostnameVerifier}, and does not ask JSSE to do it; so
 * turning the check off is replacing that verifier with one accepting every name, which is done
 * only when the settings say so (core's explicitly named insecure mode).
 */
final class Tls {
    private Tls() {
    }

    static void configure(OkHttpClient.Builder b, TlsSettings tls) {
        b.sslSocketFactory(tls.sslContext().getSocketFactory(), tls.trustManager());
        if (!tls.verifyHostname()) {
            b.hostnameVerifier((hostname, session) -> true);
        }
    }
}
