package dev.salvo.transport.netty;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import dev.salvo.spi.TransportProvider;

/** Binds {@link TransportProvider} to {@link NettyTransportProvider}, as a singleton. */
public final class NettyTransportModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(TransportProvider.class).to(NettyTransportProvider.class).in(Scopes.SINGLETON);
    }
}
