package dev.salvo.testserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * The PKI of one {@link TestServer}: a fresh CA, and the certificates it issued, all made at start.
 *
 * <ul>
 *   <li>server certificate for {@link TestServer#httpsUrl()} and {@link TestServer#httpsClientAuthUrl()}:
 *       SAN DNS:localhost, IP:127.0.0.1, IP:::1</li>
 *   <li>wrong-host certificate for {@link TestServer#httpsWrongHostUrl()}: SAN DNS:wrong.host.invalid only</li>
 *   <li>client certificate (extended key usage clientAuth) for mutual TLS</li>
 * </ul>
 * All keys are EC P-256, all signatures ECDSA with SHA-256.
 */
public final class Certificates {

    private static final char[] CLIENT_PASSWORD = "salvo-client".toCharArray();

    private final CertificateFactoryKit.Issued ca;
    private final CertificateFactoryKit.Issued server;
    private final CertificateFactoryKit.Issued wrongHost;
    private final CertificateFactoryKit.Issued client;
    private final String caPem;
    private final Path caPemFile;

    private Certificates(CertificateFactoryKit.Issued ca, CertificateFactoryKit.Issued server,
                         CertificateFactoryKit.Issued wrongHost, CertificateFactoryKit.Issued client,
                         Path caPemFile) {
        this.ca = ca;
        this.server = server;
        this.wrongHost = wrongHost;
        this.client = client;
        this.caPem = certificatePem(ca.certificate());
        this.caPemFile = caPemFile;
    }

    static Certificates generate() {
        try {
            CertificateFactoryKit.Issued ca = CertificateFactoryKit.newCa("Salvo Test CA");
            CertificateFactoryKit.Issued server = CertificateFactoryKit.newLeaf(ca, "localhost",
                    List.of("localhost"), List.of("127.0.0.1", "::1"), CertificateFactoryKit.Usage.SERVER);
            CertificateFactoryKit.Issued wrong = CertificateFactoryKit.newLeaf(ca, "wrong.host.invalid",
                    List.of("wrong.host.invalid"), List.of(), CertificateFactoryKit.Usage.SERVER);
            CertificateFactoryKit.Issued client = CertificateFactoryKit.newLeaf(ca, "salvo-client",
                    List.of(), List.of(), CertificateFactoryKit.Usage.CLIENT);
            Path file = Files.createTempFile("salvo-testserver-ca-", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, certificatePem(ca.certificate()), StandardCharsets.US_ASCII);
            return new Certificates(ca, server, wrong, client, file);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CA certificate, PEM text. */
    public String caPem() {
        return caPem;
    }

    /** CA certificate as a PEM file; deleted when the server closes. */
    public Path caPemFile() {
        return caPemFile;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** A new PKCS12 key store holding the CA certificate as trusted entry {@code salvo-ca}. */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("salvo-ca", ca.certificate());
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new PKCS12 key store with the client private key and chain (client cert, CA cert) under alias
     * {@code salvo-client}; key and store password are {@link #clientKeyStorePassword()}.
     */
    public KeyStore clientKeyStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("salvo-client", client.keyPair().getPrivate(), CLIENT_PASSWORD,
                    new Certificate[] {client.certificate(), ca.certificate()});
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public char[] clientKeyStorePassword() {
        return CLIENT_PASSWORD.clone();
    }

    public String clientCertificatePem() {
        return certificatePem(client.certificate());
    }

    /** Client private key, unencrypted PKCS#8 PEM. */
    public String clientPrivateKeyPem() {
        return privateKeyPem(client.keyPair().getPrivate());
    }

    // --- package-private, for the server ---

    PrivateKey serverKey() {
        return server.keyPair().getPrivate();
    }

    X509Certificate[] serverChain() {
        return new X509Certificate[] {server.certificate(), ca.certificate()};
    }

    PrivateKey wrongHostKey() {
        return wrongHost.keyPair().getPrivate();
    }

    X509Certificate[] wrongHostChain() {
        return new X509Certificate[] {wrongHost.certificate(), ca.certificate()};
    }

    void deleteFiles() {
        try {
            Files.deleteIfExists(caPemFile);
        } catch (IOException ignored) {
            // best effort; deleteOnExit is registered as well
        }
    }

    static String certificatePem(X509Certificate cert) {
        try {
            return pem("CERTIFICATE", cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String privateKeyPem(PrivateKey key) {
        // JDK EC/RSA private keys encode as PKCS#8 PrivateKeyInfo
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
