package dev.salvo.transport.okhttp;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import dev.salvo.spi.TransportProvider;

/** Binds {@link TransportProvider} to {@link OkHttpTransportProvider}, as a singleton. */
public final class OkHttpTransportModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(TransportProvider.class).to(OkHttpTransportProvider.class).in(Scopes.SINGLETON);
    }
}
