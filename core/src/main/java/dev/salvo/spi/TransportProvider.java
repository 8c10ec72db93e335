package dev.salvo.spi;

import java.util.Optional;

/**
 * Creates a {@link Transport}. Each transport module registers one in
 * {@code META-INF/services/dev.salvo.spi.TransportProvider} and ships a Guice module binding it,
 * so that putting the module on the classpath is all a user does to choose it.
 */
public interface TransportProvider {

    /** Short stable name used to choose it: "jdk", "netty", "okhttp". */
    String name();

    /**
     * A new transport with its own stack client, pools and threads. Throws
     * {@link IllegalStateException} with the {@link #unavailableReason() reason} when this provider
     * cannot run on this JVM.
     */
    Transport create(TransportConfig config);

    /**
     * Why this provider refuses to create transports on this JVM (a stack release with a defect the
     * transport cannot work around, say), naming what would work; empty when it can run. Core checks
     * it before {@link #create}, so that choosing such a transport fails with this reason, before
     * any request is made.
     */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }
}
