package dev.salvo.transport.jdk;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import dev.salvo.spi.TransportProvider;

/** Binds {@link TransportProvider} to {@link JdkTransportProvider}, as a singleton. */
public final class JdkTransportModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(TransportProvider.class).to(JdkTransportProvider.class).in(Scopes.SINGLETON);
    }
}
