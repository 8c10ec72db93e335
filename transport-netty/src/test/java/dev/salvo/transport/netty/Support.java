package dev.salvo.transport.netty;

import dev.salvo.spi.TransportConfig;

/** What the Netty transport's tests add to {@code dev.salvo.conformance.support}: the transport's own type. */
final class Support {
    private Support() {
    }

    static NettyTransport transport(TransportConfig config) {
        return (NettyTransport) new NettyTransportProvider().create(config);
    }
}
