package dev.salvo;

import dev.salvo.internal.Engine;
import dev.salvo.internal.Scope;
import dev.salvo.internal.TransportDiscovery;
import dev.salvo.spi.Capability;
import dev.salvo.spi.TransportProvider;
import com.google.inject.Guice;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * A Salvo client: sends requests, one at a time or in batches (grequests' {@code map},
 * {@code imap}, {@code imap_enumerated}), over the transport found on the classpath.
 *
 * <pre>{@code
 * try (Salvo salvo = Salvo.create()) {
 *     List<Response> rs = salvo.map(requests, Batch.size(64));
 * }
 * }</pre>
 *
 * <p>The transport is chosen by {@link TransportChoice}'s rule, the same as the {@code salvo}
 * command's: {@link Builder#transport(String)}, else system property {@code salvo.transport},
 * else environment variable {@code SALVO_TRANSPORT}; else, among the transports on the classpath
 * that can run on this JVM, netty, then okhttp, then jdk, then any other by name. An unknown name,
 * or no transport that can run, fails at creation with a message naming what is there and what to
 * add.
 *
 * <p>Requests sent directly through a client share no cookies (use a {@link Session} for that).
 * A client is thread-safe. {@link #close()} fails pending requests with
 * {@link ErrorType#CLIENT_CLOSED} and ends every thread and socket the client started; using a
 * closed client fails with an {@link IllegalStateException}.
 */
public final class Salvo extends AbstractClient implements AutoCloseable {
    /** The system property naming the transport to use when the builder names none. */
    public static final String TRANSPORT_PROPERTY = "salvo.transport";
    /** The environment variable naming the transport to use when neither the builder nor the property does. */
    public static final String TRANSPORT_ENV = "SALVO_TRANSPORT";

    private final SalvoConfig config;
    private final String transportName;

    @Inject
    Salvo(SalvoConfig config, Engine engine, TransportProvider provider) {
        super(engine, Scope.NONE);
        this.config = config;
        this.transportName = provider.name();
    }

    /** Names of the transports found on the classpath ("jdk", "netty", "okhttp", ...), in classpath order. */
    public static java.util.List<String> availableTransports() {
        return java.util.List.copyOf(TransportDiscovery.available().keySet());
    }

    /**
     * The transports on the classpath that refuse to run on this JVM, by name, each with its reason
     * ({@link TransportProvider#unavailableReason()}); creating a client over one of them fails with
     * that reason.
     */
    public static java.util.Map<String, String> unavailableTransports() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        TransportDiscovery.available().forEach((name, p) -> p.unavailableReason().ifPresent(r -> out.put(name, r)));
        return out;
    }

    /**
     * A client with default settings over the transport {@link TransportChoice} picks: the one
     * named by system property {@code salvo.transport} or environment variable
     * {@code SALVO_TRANSPORT}, else the first that can run here of netty, okhttp, jdk, then any
     * other by name.
     *
     * @throws IllegalStateException when the named transport is not on the classpath or cannot run on this JVM,
     *                               or nothing is named and no transport on the classpath can run here
     */
    public static Salvo create() {
        return builder().build();
    }

    /**
     * A client with these settings, over {@link SalvoConfig#transport()} if set, else over the
     * transport {@link TransportChoice} picks (see {@link #create()}).
     */
    public static Salvo create(SalvoConfig config) {
        return create(config, TransportChoice.choose(config.transport(), "the builder").provider());
    }

    /** A client over exactly this transport provider, skipping discovery (tests, the conformance kit, embedding). */
    public static Salvo create(SalvoConfig config, TransportProvider provider) {
        java.util.Objects.requireNonNull(provider, "provider");
        SalvoModule.requireAvailable(provider);
        return Guice.createInjector(new SalvoModule(config), binder -> binder.bind(TransportProvider.class).toInstance(provider))
                .getInstance(Salvo.class);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A session builder: cookies, default headers, base URL and auth shared by the session's requests. */
    public Session.Builder newSession() {
        engine().checkOpen();
        return new Session.Builder(engine());
    }

    /** The chosen transport's name ("jdk", "netty", "okhttp", ...). */
    public String transportName() {
        return transportName;
    }

    /** The transport's capabilities. */
    public Set<Capability> capabilities() {
        return engine().transport().capabilities();
    }

    public SalvoConfig config() {
        return config;
    }

    /** Fails pending requests with CLIENT_CLOSED and ends every thread and socket. A second call does nothing. */
    @Override
    public void close() {
        engine().close();
    }

    @Override
    public String toString() {
        return "Salvo[" + transportName + (engine().isClosed() ? ", closed]" : "]");
    }

    /** Builds a {@link Salvo} client; see {@link SalvoConfig} for the settings and their defaults. */
    public static final class Builder extends SalvoConfig.Settings<Builder> {
        Builder() {
        }

        /** The settings alone, for {@link SalvoModule} in a user's own injector. */
        public SalvoConfig config() {
            return toConfig();
        }

        public Salvo build() {
            return create(toConfig());
        }
    }
}
