package dev.salvo.spi;

/**
 * Creates a {@link Transport}. Each transport module registers one in
 * {@code META-INF/services/dev.salvo.spi.TransportProvider} and ships a Guice module binding it,
 * so that putting the module on the classpath is all a user does to choose it.
 */
public interface TransportProvider {

    /** Short stable name used to choose it: "jdk", "netty", "okhttp". */
    String name();

    /** A new transport with its own stack client, pools and threads. */
    Transport create(TransportConfig config);
}
