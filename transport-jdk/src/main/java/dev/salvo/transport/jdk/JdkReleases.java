package dev.salvo.transport.jdk;

import java.util.Optional;

/**
 * The Java releases whose {@code java.net.http.HttpClient} this transport refuses to run on, and why.
 *
 * <p>When a response head fails the HttpClient's own parser (headers over
 * {@code jdk.http.maxHeaderSize}, a malformed status line) and the server keeps the connection
 * open, the client neither closes nor pools the connection. From 17.0.17 and 19 on, the client
 * tracks every connection it opened and closes them all when it stops (JDK-8277969 and its
 * follow-ups): at {@code shutdownNow()} on 21 and later, when it is collected on 17. Before, such a
 * connection is closed by nothing, not even the collection of the client: one file descriptor lost
 * for good per hostile response, which nothing this transport can reach would release (verified on
 * Debian's 17.0.15: still open after the client was collected; closed on 17.0.19 and 25). So the
 * transport refuses those releases, naming what works, rather than run with a leak.
 */
final class JdkReleases {
    /** The first Java 17 update with the fix. */
    static final int FIRST_GOOD_17_UPDATE = 17;

    private JdkReleases() {
    }

    /** Why this transport cannot run on Java {@code version}; empty where it can. */
    static Optional<String> unavailableReason(Runtime.Version version) {
        int feature = version.feature();
        boolean leaky = (feature == 17 && version.update() < FIRST_GOOD_17_UPDATE) || feature == 18;
        if (!leaky) {
            return Optional.empty();
        }
        return Optional.of("Java " + version + "'s HttpClient never closes an HTTP/1.1 connection whose response head its own"
                + " parser rejects (headers over jdk.http.maxHeaderSize, say) while the server keeps it open: not on close,"
                + " not once the client is collected, so a hostile server can use up the process's file descriptors"
                + " (JDK-8277969, fixed in 17.0." + FIRST_GOOD_17_UPDATE + " and 19). Use Java 17.0." + FIRST_GOOD_17_UPDATE
                + " or later, or 21 or later, or the netty or okhttp transport.");
    }

    /** Throws IllegalStateException with the reason when this JVM is one of those releases. */
    static void requireSupported() {
        unavailableReason(Runtime.version()).ifPresent(reason -> {
            throw new IllegalStateException("the jdk transport cannot run on this JVM: " + reason);
        });
    }
}
