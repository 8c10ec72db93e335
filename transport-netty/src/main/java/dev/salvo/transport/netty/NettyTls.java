package dev.salvo.transport.netty;

import dev.salvo.spi.TlsSettings;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * TLS for the Netty transport: one client {@link SslContext} per transport, made with the JDK
 * provider (no tcnative) from exactly the trust and key managers core resolved.
 *
 * <p>Hostname verification is the SSL engine's {@code HTTPS} endpoint identification, on unless
 * core asks for the explicitly named insecure mode. Each connection's engine is made for its peer
 * host and port, which also sends SNI for host names.
 */
final class NettyTls {
    private final SslContext context;

    NettyTls(TlsSettings tls) {
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(tls.trustManager())
                .endpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : null);
        if (tls.keyManager() != null) {
            b.keyManager(tls.keyManager());
        }
        try {
            this.context = b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("tls: cannot build the Netty TLS context: " + e.getMessage(), e);
        }
    }

    /** A handler for one connection to {@code host} (brackets of an IPv6 literal removed). */
    SslHandler newHandler(ByteBufAllocator alloc, String host, int port, long handshakeTimeoutMillis) {
        String peer = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        SslHandler h = context.newHandler(alloc, peer, port);
        h.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return h;
    }
}
