package dev.salvo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * TLS options. By default certificates are verified against the JVM's trust store and the host
 * name is checked. A custom CA (PEM or KeyStore) replaces the trust store; a client certificate
 * can be presented; and verification can be switched off only through the loudly named
 * {@link Builder#insecureTrustAllCertificatesAndHostnames()}.
 *
 * <p>Bad input (a PEM without a certificate, an unreadable file, a key that does not parse)
 * fails when the option is set, with a message naming the option.
 */
public final class Tls {
    private static final Tls DEFAULTS = new Tls(null, null, null, false);

    private final KeyStore trustStore;
    private final KeyStore clientKeyStore;
    private final char[] clientKeyPassword;
    private final boolean insecure;

    private Tls(KeyStore trustStore, KeyStore clientKeyStore, char[] clientKeyPassword, boolean insecure) {
        this.trustStore = trustStore;
        this.clientKeyStore = clientKeyStore;
        this.clientKeyPassword = clientKeyPassword;
        this.insecure = insecure;
    }

    /** The JVM's trust store, host names checked, no client certificate. */
    public static Tls defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The trust store replacing the JVM's, or null for the JVM's. */
    public KeyStore trustStore() {
        return trustStore;
    }

    /** The client certificate's key store, or null. */
    public KeyStore clientKeyStore() {
        return clientKeyStore;
    }

    /** The client key's password, or null. */
    public char[] clientKeyPassword() {
        return clientKeyPassword == null ? null : clientKeyPassword.clone();
    }

    /** Whether certificate and host name verification are off. */
    public boolean isInsecure() {
        return insecure;
    }

    /** Builds {@link Tls}. */
    public static final class Builder {
        private KeyStore trustStore;
        private KeyStore clientKeyStore;
        private char[] clientKeyPassword;
        private boolean insecure;

        private Builder() {
        }

        /** Trusts the CA certificates in this PEM file instead of the JVM's trust store. */
        public Builder trustPemFile(Path pemFile) {
            Objects.requireNonNull(pemFile, "tls trust PEM file");
            try {
                return trustPem(Files.readString(pemFile, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new IllegalArgumentException("tls trust PEM file '" + pemFile + "': cannot read: " + e.getMessage(), e);
            }
        }

        /** Trusts the CA certificates in this PEM text instead of the JVM's trust store. */
        public Builder trustPem(String pem) {
            List<X509Certificate> certs = certificates("tls trust PEM", pem);
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                for (int i = 0; i < certs.size(); i++) {
                    ks.setCertificateEntry("ca-" + i, certs.get(i));
                }
                this.trustStore = ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("tls trust PEM: " + e.getMessage(), e);
            }
            return this;
        }

        /** Trusts the certificates in this KeyStore instead of the JVM's trust store. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "tls trust store");
            return this;
        }

        /** Presents the client certificate (private key entry) in this KeyStore. */
        public Builder clientCertificate(KeyStore keyStore, char[] password) {
            Objects.requireNonNull(keyStore, "tls client key store");
            try {
                boolean hasKey = false;
                for (var aliases = keyStore.aliases(); aliases.hasMoreElements(); ) {
                    hasKey |= keyStore.isKeyEntry(aliases.nextElement());
                }
                if (!hasKey) {
                    throw new IllegalArgumentException("tls client key store: holds no private key entry");
                }
            } catch (java.security.KeyStoreException e) {
                throw new IllegalArgumentException("tls client key store: not loaded: " + e.getMessage(), e);
            }
            this.clientKeyStore = keyStore;
            this.clientKeyPassword = password == null ? new char[0] : password.clone();
            return this;
        }

        /** Presents a client certificate given as PEM: the certificate chain and an unencrypted PKCS#8 private key. */
        public Builder clientCertificatePem(String certificateChainPem, String privateKeyPem) {
            List<X509Certificate> chain = certificates("tls client certificate PEM", certificateChainPem);
            PrivateKey key = privateKey(privateKeyPem);
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                char[] pw = new char[0];
                ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
                this.clientKeyStore = ks;
                this.clientKeyPassword = pw;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("tls client certificate PEM: " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * Switches off certificate AND host name verification: any server, including an attacker
         * in the middle, is accepted. For tests against self-signed servers only.
         */
        public Builder insecureTrustAllCertificatesAndHostnames() {
            this.insecure = true;
            return this;
        }

        public Tls build() {
            return new Tls(trustStore, clientKeyStore, clientKeyPassword, insecure);
        }

        private static List<X509Certificate> certificates(String field, String pem) {
            Objects.requireNonNull(pem, field);
            try {
                Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
                List<X509Certificate> out = new ArrayList<>();
                for (Certificate c : certs) {
                    out.add((X509Certificate) c);
                }
                if (out.isEmpty()) {
                    throw new IllegalArgumentException(field + ": no certificate found");
                }
                return out;
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(field + ": not a valid X.509 PEM: " + e.getMessage(), e);
            }
        }

        private static PrivateKey privateKey(String pem) {
            Objects.requireNonNull(pem, "tls client private key PEM");
            if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
                throw new IllegalArgumentException("tls client private key PEM: PKCS#1/SEC1 keys are not supported; "
                        + "convert with 'openssl pkcs8 -topk8 -nocrypt'");
            }
            if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException("tls client private key PEM: encrypted keys are not supported; "
                        + "use clientCertificate(KeyStore, password)");
            }
            int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("tls client private key PEM: no '-----BEGIN PRIVATE KEY-----' block");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tls client private key PEM: bad base64: " + e.getMessage(), e);
            }
            for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
                try {
                    return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException tryNext) {
                    // not this algorithm
                }
            }
            throw new IllegalArgumentException("tls client private key PEM: not an RSA, EC or EdDSA PKCS#8 key");
        }
    }
}
