package dev.salvo.transport.netty;

import dev.salvo.spi.TransportConfig;
import dev.salvo.testserver.TestServer;
import java.net.URI;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A test class's embedded server and the Netty transport under test, started before and closed after its tests. */
final class ServerAndTransport implements BeforeAllCallback, AfterAllCallback {
    private final Function<TestServer, TransportConfig> config;
    private TestServer server;
    private NettyTransport transport;

    /** A transport with {@link Support#config()}. */
    ServerAndTransport() {
        this(s -> Support.config());
    }

    /** A transport configured from the started server (for example trusting its CA). */
    ServerAndTransport(Function<TestServer, TransportConfig> config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start();
        transport = Support.transport(config.apply(server));
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

    TestServer server() {
        return server;
    }

    NettyTransport transport() {
        return transport;
    }

    ConnectionPool pool() {
        return transport.pool();
    }

    URI url(String path) {
        return server.httpUrl().resolve(path);
    }
}
