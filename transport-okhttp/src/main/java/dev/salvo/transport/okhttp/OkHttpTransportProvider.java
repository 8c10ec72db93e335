package dev.salvo.transport.okhttp;

import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import java.util.Objects;

/**
 * The {@link TransportProvider} named {@code "okhttp"}: transports over OkHttp 5.
 *
 * <p>Registered in {@code META-INF/services/dev.salvo.spi.TransportProvider} and bound by
 * {@link OkHttpTransportModule}. Each {@link #create} makes a new transport with its own
 * {@code OkHttpClient}, dispatcher threads and connection pool.
 */
public final class OkHttpTransportProvider implements TransportProvider {

    /** The name used to choose this transport ({@code salvo.transport=okhttp}). */
    public static final String NAME = "okhttp";

    public OkHttpTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Transport create(TransportConfig config) {
        return new OkHttpTransport(Objects.requireNonNull(config, "config"));
    }

    @Override
    public String toString() {
        return "OkHttpTransportProvider[" + NAME + "]";
    }
}
