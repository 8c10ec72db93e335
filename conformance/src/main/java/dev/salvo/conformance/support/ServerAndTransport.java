package dev.salvo.conformance.support;

import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import dev.salvo.testserver.TestServer;
import java.net.URI;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension giving a test class its own embedded {@link TestServer} and the transport
 * under test, started before all its tests and closed after them. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServerAndTransport<Transport> env = ServerAndTransport.of(new MyTransportProvider());
 * ...
 * env.transport().exchange(RequestBuilder.get(env.url("/get")).build());
 * }</pre>
 *
 * <p>A transport module may subclass it to fix {@code T} and add accessors of its own.
 *
 * <p>If the server fails to start or the transport cannot be created, the exception propagates from
 * {@code beforeAll} and JUnit fails every test of the class; whatever was started is still closed in
 * {@code afterAll}. The accessors return null before {@code beforeAll} has run.
 *
 * @param <T> the transport's type, as the tests need it
 */
public class ServerAndTransport<T extends Transport> implements BeforeAllCallback, AfterAllCallback {
    private final Function<TransportConfig, ? extends T> transports;
    private final Function<TestServer, TransportConfig> config;
    private TestServer server;
    private T transport;

    /** The transport {@code transports} creates with {@link Configs#config()}. */
    public ServerAndTransport(Function<TransportConfig, ? extends T> transports) {
        this(transports, s -> Configs.config());
    }

    /** The transport {@code transports} creates with a config made from the started server (for example trusting its CA). */
    public ServerAndTransport(Function<TransportConfig, ? extends T> transports,
                              Function<TestServer, TransportConfig> config) {
        this.transports = Objects.requireNonNull(transports, "transports");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The transport {@code provider} creates, with {@link Configs#config()}. */
    public static ServerAndTransport<Transport> of(TransportProvider provider) {
        return new ServerAndTransport<>(provider::create);
    }

    /** The transport {@code provider} creates, with a config made from the started server. */
    public static ServerAndTransport<Transport> of(TransportProvider provider,
                                                   Function<TestServer, TransportConfig> config) {
        return new ServerAndTransport<>(provider::create, config);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start();
        transport = transports.apply(config.apply(server));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The embedded server. */
    public TestServer server() {
        return server;
    }

    /** The transport under test. */
    public T transport() {
        return transport;
    }

    /** {@code path} (with any query) resolved against the server's plain HTTP URL. */
    public URI url(String path) {
        return server.httpUrl().resolve(path);
    }
}
