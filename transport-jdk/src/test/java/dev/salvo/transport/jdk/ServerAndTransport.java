package dev.salvo.transport.jdk;

import dev.salvo.spi.TransportConfig;
import dev.salvo.testserver.TestServer;
import java.net.URI;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A test class's embedded server and the JDK transport under test, started before and closed after its tests. */
final class ServerAndTransport implements BeforeAllCallback, AfterAllCallback {
    private final Function<TestServer, TransportConfig> config;
    private TestServer server;
    private JdkTransport transport;

    /** A transport with the JVM's default TLS. */
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

    JdkTransport transport() {
        return transport;
    }

    URI url(String path) {
        return server.httpUrl().resolve(path);
    }
}
