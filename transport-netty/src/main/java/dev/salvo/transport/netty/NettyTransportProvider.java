package dev.salvo.transport.netty;

import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import java.util.Objects;

/**
 * The {@link TransportProvider} named {@code "netty"}: transports over Netty 4.2 with bounded per-host
 * connection pools.
 *
 * <p>Registered in {@code META-INF/services/dev.salvo.spi.TransportProvider} and bound by
 * {@link NettyTransportModule}. Each {@link #create} makes a new transport with its own event-loop
 * group, pools and body-reading threads; {@link Transport#close()} ends them all.
 */
public final class NettyTransportProvider implements TransportProvider {

    /** The name used to choose this transport ({@code salvo.transport=netty}). */
    public static final String NAME = "netty";

    public NettyTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Transport create(TransportConfig config) {
        return new NettyTransport(Objects.requireNonNull(config, "config"));
    }

    @Override
    public String toString() {
        return "NettyTransportProvider[" + NAME + "]";
    }
}
