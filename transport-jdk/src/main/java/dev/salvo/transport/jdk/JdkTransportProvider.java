package dev.salvo.transport.jdk;

import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link TransportProvider} named {@code "jdk"}: transports over {@code java.net.http.HttpClient}.
 *
 * <p>Registered in {@code META-INF/services/dev.salvo.spi.TransportProvider} and bound by
 * {@link JdkTransportModule}. Each {@link #create} makes a new transport with its own client,
 * executor and watchdog thread.
 */
public final class JdkTransportProvider implements TransportProvider {

    /** The name used to choose this transport ({@code salvo.transport=jdk}). */
    public static final String NAME = "jdk";

    public JdkTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Present on the Java releases whose HttpClient leaks connections for good ({@link JdkReleases}). */
    @Override
    public Optional<String> unavailableReason() {
        return JdkReleases.unavailableReason(Runtime.version());
    }

    @Override
    public Transport create(TransportConfig config) {
        return new JdkTransport(Objects.requireNonNull(config, "config"));
    }

    @Override
    public String toString() {
        return "JdkTransportProvider[" + NAME + "]";
    }
}
