package dev.salvo.testserver;

import static dev.salvo.testserver.Support.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static SSLContext trustingContext(Certificates certs, boolean withClientCertificate) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(certs.trustStore());
        KeyManagerFactory kmf = null;
        if (withClientCertificate) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(certs.clientKeyStore(), certs.clientKeyStorePassword());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static HttpClient client(SSLContext ctx) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx).build();
    }

    @Test
    void httpsWorksWhenTrustingTheCa() throws Exception {
        HttpClient client = client(trustingContext(server.certificates(), false));
        HttpResponse<String> r = Support.get(client, server.httpsUrl(), "/get?tls=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).get("url").asText()).isEqualTo(server.httpsUrl() + "/get?tls=1");
        assertThat(r.sslSession()).isPresent();
        assertThat(server.httpsUrl().getHost()).isEqualTo("localhost");
    }

    @Test
    void httpsIsRejectedWithoutTrustingTheCa() throws Exception {
        SSLContext defaults = SSLContext.getInstance("TLS");
        defaults.init(null, null, null);
        HttpClient client = client(defaults);
        assertThatThrownBy(() -> client.send(Support.request(server.httpsUrl(), "/get").build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void wrongHostFailsHostnameVerificationOnly() throws Exception {
        SSLContext ctx = trustingContext(server.certificates(), false);
        HttpClient client = client(ctx);
        assertThatThrownBy(() -> client.send(Support.request(server.httpsWrongHostUrl(), "/get").build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class)
                .hasStackTraceContaining("subject alternative names");

        // the chain itself is valid: without endpoint identification the handshake succeeds
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1",
                server.httpsWrongHostUrl().getPort())) {
            s.startHandshake();
            X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
            assertThat(peer.getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1))
                    .containsExactly("wrong.host.invalid");
        }
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1",
                server.httpsWrongHostUrl().getPort())) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void serverCertificateNamesLocalhostAndLoopbackAddresses() throws Exception {
        SSLContext ctx = trustingContext(server.certificates(), false);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1",
                server.httpsUrl().getPort())) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // 127.0.0.1 is in the SAN too
            s.setSSLParameters(p);
            s.startHandshake();
            X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
            assertThat(peer.getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1))
                    .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
            peer.verify(server.certificates().caCertificate().getPublicKey());
        }
    }

    @Test
    void clientAuthPortRequiresTheClientCertificate() throws Exception {
        HttpClient anonymous = client(trustingContext(server.certificates(), false));
        assertThatThrownBy(() -> anonymous.send(Support.request(server.httpsClientAuthUrl(), "/get").build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);

        HttpClient authenticated = client(trustingContext(server.certificates(), true));
        HttpResponse<String> r = Support.get(authenticated, server.httpsClientAuthUrl(), "/get");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Salvo-Connection")).isPresent();
    }

    @Test
    void certificateMaterialIsConsistent() throws Exception {
        Certificates certs = server.certificates();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate fromPem = (X509Certificate) cf.generateCertificate(
                new ByteArrayInputStream(certs.caPem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(fromPem).isEqualTo(certs.caCertificate());
        X509Certificate fromFile = (X509Certificate) cf.generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(certs.caPemFile())));
        assertThat(fromFile).isEqualTo(certs.caCertificate());
        assertThat(certs.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);

        KeyStore trust = certs.trustStore();
        assertThat(trust.getType()).isEqualToIgnoringCase("PKCS12");
        assertThat(trust.getCertificate(trust.aliases().nextElement())).isEqualTo(certs.caCertificate());

        X509Certificate client = (X509Certificate) cf.generateCertificate(
                new ByteArrayInputStream(certs.clientCertificatePem().getBytes(StandardCharsets.US_ASCII)));
        client.verify(certs.caCertificate().getPublicKey());
        assertThat(client.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");

        String keyPem = certs.clientPrivateKeyPem();
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        String b64 = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance(client.getPublicKey().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        Signature sig = Signature.getInstance("SHA256withECDSA");
        sig.initSign(key);
        sig.update(new byte[] {1, 2, 3});
        byte[] signature = sig.sign();
        sig.initVerify(client.getPublicKey());
        sig.update(new byte[] {1, 2, 3});
        assertThat(sig.verify(signature)).isTrue();

        KeyStore ks = certs.clientKeyStore();
        assertThat(ks.getType()).isEqualToIgnoringCase("PKCS12");
        String alias = ks.aliases().nextElement();
        assertThat(ks.isKeyEntry(alias)).isTrue();
        assertThat(ks.getCertificateChain(alias)).hasSize(2);
        assertThat(ks.getKey(alias, certs.clientKeyStorePassword())).isNotNull();
        assertThat(List.of(ks.getCertificateChain(alias))).first().isEqualTo(client);
    }
}
