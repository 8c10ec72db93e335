package dev.salvo.transport.jdk;

import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportResponse;

/** What the JDK transport's tests add to {@code dev.salvo.conformance.support}: the transport's own type, and a header lookup. */
final class Support {
    private Support() {
    }

    static JdkTransport transport(TransportConfig config) {
        return (JdkTransport) new JdkTransportProvider().create(config);
    }

    /** A header the server echoed, looked up ignoring case (the JDK client sends "Transfer-encoding"); null if absent. */
    static String echoedHeader(TransportResponse r, String name) {
        return Exchanges.echoedHeader(Exchanges.json(r), name);
    }
}
