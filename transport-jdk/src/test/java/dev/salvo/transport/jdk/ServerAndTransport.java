package dev.salvo.transport.jdk;

import dev.salvo.spi.TransportConfig;
import dev.salvo.testserver.TestServer;
import java.util.function.Function;

/** A test class's embedded server and the JDK transport under test, started before and closed after its tests. */
final class ServerAndTransport extends dev.salvo.conformance.support.ServerAndTransport<JdkTransport> {

    /** A transport with the JVM's default TLS. */
    ServerAndTransport() {
        super(Support::transport);
    }

    /** A transport configured from the started server (for example trusting its CA). */
    ServerAndTransport(Function<TestServer, TransportConfig> config) {
        super(Support::transport, config);
    }
}
