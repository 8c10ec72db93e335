package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.Tls;
import dev.salvo.testserver.Certificates;
import dev.salvo.testserver.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Contract item 21: verification on by default, custom CAs, host name checks, client certificates,
 * and the loudly named insecure mode.
 *
 * <p>A server that requires a client certificate and gets none fails the request as
 * {@link ErrorType#TLS} on every transport, whether the stack notices during the handshake
 * (TLS 1.2) or on the first read after it (TLS 1.3 sends the alert after the client's Finished).
 */
public interface TlsTests extends KitContext {

    @Test
    default void defaultTrustRejectsTheTestCa() {
        TestServer server = kit().server();
        Kit.expectFailure(ErrorType.TLS, () -> kit().client().execute(Request.get(server.httpsUrl() + "/get")));
    }

    @Test
    default void trustedPemIsAccepted() {
        TestServer server = kit().server();
        Salvo client = kit().client(b -> b.tls(Tls.builder().trustPem(server.certificates().caPem()).build()));
        assertThat(client.execute(Request.get(server.httpsUrl() + "/get")).status()).as("status").isEqualTo(200);
    }

    @Test
    default void trustedPemFileIsAccepted() {
        TestServer server = kit().server();
        Salvo client = kit().client(b -> b.tls(Tls.builder().trustPemFile(server.certificates().caPemFile()).build()));
        assertThat(client.execute(Request.get(server.httpsUrl() + "/get")).status()).as("status").isEqualTo(200);
    }

    @Test
    default void trustedKeyStoreIsAccepted() {
        TestServer server = kit().server();
        Salvo client = kit().client(b -> b.tls(Tls.builder().trustStore(server.certificates().trustStore()).build()));
        Response r = client.execute(Request.get(server.httpsUrl() + "/get"));
        assertThat(r.status()).as("status").isEqualTo(200);
        assertThat(kit().json(r).get("url").asText()).as("echoed url").startsWith("https://");
    }

    @Test
    default void wrongHostIsRejectedEvenWithTheCaTrusted() {
        TestServer server = kit().server();
        Salvo client = kit().client(b -> b.tls(Tls.builder().trustPem(server.certificates().caPem()).build()));
        Kit.expectFailure(ErrorType.TLS, () -> client.execute(Request.get(server.httpsWrongHostUrl() + "/get")));
        assertThat(client.execute(Request.get(server.httpsUrl() + "/get")).status())
                .as("the right host on the same client").isEqualTo(200);
    }

    @Test
    default void insecureModeAcceptsUntrustedAndWrongHost() {
        TestServer server = kit().server();
        Salvo client = kit().client(b -> b.tls(Tls.builder().insecureTrustAllCertificatesAndHostnames().build()));
        assertThat(client.execute(Request.get(server.httpsUrl() + "/get")).status()).as("untrusted CA").isEqualTo(200);
        assertThat(client.execute(Request.get(server.httpsWrongHostUrl() + "/get")).status()).as("wrong host").isEqualTo(200);
    }

    @Test
    default void missingClientCertificateIsTls() {
        TestServer server = kit().server();
        Salvo client = kit().client(b -> b.tls(Tls.builder().trustPem(server.certificates().caPem()).build()));
        Kit.expectFailure(ErrorType.TLS, () -> client.execute(Request.get(server.httpsClientAuthUrl() + "/get")));
    }

    @Test
    default void clientCertificateFromKeyStoreIsAccepted() {
        TestServer server = kit().server();
        Certificates certs = server.certificates();
        Salvo client = kit().client(b -> b.tls(Tls.builder().trustPem(certs.caPem())
                .clientCertificate(certs.clientKeyStore(), certs.clientKeyStorePassword()).build()));
        assertThat(client.execute(Request.get(server.httpsClientAuthUrl() + "/get")).status())
                .as("status with a client certificate").isEqualTo(200);
    }

    @Test
    default void clientCertificateFromPemIsAccepted() {
        TestServer server = kit().server();
        Certificates certs = server.certificates();
        Salvo client = kit().client(b -> b.tls(Tls.builder().trustPem(certs.caPem())
                .clientCertificatePem(certs.clientCertificatePem(), certs.clientPrivateKeyPem()).build()));
        assertThat(client.execute(Request.get(server.httpsClientAuthUrl() + "/get")).status())
                .as("status with a PEM client certificate").isEqualTo(200);
    }
}
