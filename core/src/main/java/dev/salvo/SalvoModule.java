package dev.salvo;

import dev.salvo.internal.ClientResources;
import dev.salvo.internal.Engine;
import dev.salvo.internal.TlsFactory;
import dev.salvo.spi.HttpVersion;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Core's Guice module: binds the settings and builds the engine, the transport and the client.
 * Install it with one transport's module in your own injector, then ask for {@link Salvo}:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new SalvoModule(SalvoConfig.defaults()), new JdkTransportModule());
 * Salvo salvo = injector.getInstance(Salvo.class);
 * }</pre>
 *
 * Each injector holds one client; closing it is the user's job.
 */
public final class SalvoModule extends AbstractModule {
    private final SalvoConfig config;

    public SalvoModule(SalvoConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public SalvoModule() {
        this(SalvoConfig.defaults());
    }

    @Override
    protected void configure() {
        bind(SalvoConfig.class).toInstance(config);
    }

    // The engine's package is not exported (module-info.java). Left to itself, Guice would build the
    // engine's classes through classes it generates in an unnamed module, which cannot reach them on
    // the module path; so the engine is built here, by provider methods Guice calls reflectively.

    @Provides
    @Singleton
    ClientResources resources(SalvoConfig config) {
        return new ClientResources(config);
    }

    @Provides
    @Singleton
    Engine engine(SalvoConfig config, Transport transport, ClientResources resources) {
        return new Engine(config, transport, resources);
    }

    @Provides
    @Singleton
    Transport transport(TransportProvider provider, SalvoConfig config) {
        requireAvailable(provider);
        return provider.create(transportConfig(config));
    }

    /** Fails, with the provider's reason, when it cannot run on this JVM. */
    static void requireAvailable(TransportProvider provider) {
        provider.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException("Salvo transport '" + provider.name() + "' cannot run on this JVM (Java "
                    + Runtime.version() + "): " + reason);
        });
    }

    static TransportConfig transportConfig(SalvoConfig c) {
        return new TransportConfig(c.connectTimeout(), c.readTimeout(), c.maxConnections(), c.maxConnectionsPerHost(),
                c.maxIdleConnections(), c.idleTimeout(), TlsFactory.settings(c.tls()), httpVersion(c.protocol()), c.ioThreads());
    }

    /** The SPI's name for the API's protocol: the API keeps its own type, so the SPI may change alone. */
    static HttpVersion httpVersion(Protocol protocol) {
        return switch (protocol) {
            case HTTP_1_1 -> HttpVersion.HTTP_1_1;
            case HTTP_2 -> HttpVersion.HTTP_2;
        };
    }
}
