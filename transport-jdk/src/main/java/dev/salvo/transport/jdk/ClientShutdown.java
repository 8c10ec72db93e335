package dev.salvo.transport.jdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * Stops {@link HttpClient}s where the running JDK can.
 *
 * <p>On JDK 21 and later the client has {@code shutdownNow()} and {@code awaitTermination(Duration)}
 * (and is {@link AutoCloseable}); they are looked up as public methods, since this code compiles
 * for 17. {@link #shutdown} then returns once the clients' selector threads have ended and their
 * connections are closed (bounded by {@link #WAIT}).
 *
 * <p>On JDK 17 a client cannot be stopped. {@link #shutdown} only drops the references, and
 * returns at once: the connections of exchanges in progress were closed by cancelling them, but
 * idle pooled connections stay open, and the {@code HttpClient-<id>-SelectorManager} thread stays
 * alive, until the JVM collects the client (the selector notices within about 3 s of a
 * collection), the server closes them, or the keep-alive timeout passes. The transport says so by
 * not declaring {@link dev.salvo.spi.Capability#RELEASE_ON_CLOSE} there.
 */
final class ClientShutdown {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final MethodHandle SHUTDOWN_NOW = publicMethod("shutdownNow", MethodType.methodType(void.class));
    private static final MethodHandle AWAIT_TERMINATION =
            publicMethod("awaitTermination", MethodType.methodType(boolean.class, Duration.class));

    private ClientShutdown() {
    }

    /** Whether this JDK's HttpClient can be shut down (21 and later). */
    static boolean supported() {
        return SHUTDOWN_NOW != null && AWAIT_TERMINATION != null;
    }

    /** Stops every client in {@code clients} where the JDK can, and empties the list so that nothing here keeps them reachable. */
    static void shutdown(List<HttpClient> clients) {
        if (supported()) {
            for (HttpClient client : clients) {
                shutdownNow(client);
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (HttpClient client : clients) {
                awaitTermination(client, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        }
        clients.clear();
    }

    private static void shutdownNow(HttpClient client) {
        try {
            SHUTDOWN_NOW.invoke(client);
        } catch (Throwable t) {
            if (client instanceof AutoCloseable c) {
                closeQuietly(c);
            }
        }
    }

    private static void awaitTermination(HttpClient client, Duration wait) {
        try {
            Object terminated = AWAIT_TERMINATION.invoke(client, wait);
            if (Boolean.FALSE.equals(terminated) && client instanceof AutoCloseable c) {
                closeQuietly(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            // nothing more to do: the client is shut down, only the wait failed
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static MethodHandle publicMethod(String name, MethodType type) {
        try {
            return MethodHandles.publicLookup().findVirtual(HttpClient.class, name, type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
