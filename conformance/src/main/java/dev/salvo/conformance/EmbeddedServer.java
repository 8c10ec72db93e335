package dev.salvo.conformance;

import dev.salvo.testserver.TestServer;

/**
 * The one embedded {@link TestServer} of this JVM, started on first use and stopped by a shutdown
 * hook. Every kit run in the JVM (every transport's subclass, the kit's own self-tests) shares it,
 * so its start-up cost (key generation, four ports) is paid once.
 */
final class EmbeddedServer {
    private EmbeddedServer() {
    }

    /** The shared server, started now if this is the first call. */
    static TestServer get() {
        return Holder.SERVER;
    }

    /** Whether a test of this JVM has started the server yet (a leak check has nothing to look at before). */
    static boolean started() {
        return started;
    }

    private static volatile boolean started;

    /** Lazy holder: the class initialiser runs on the first {@link #get()}, exactly once. */
    private static final class Holder {
        static final TestServer SERVER = start();

        private static TestServer start() {
            TestServer server = TestServer.start();
            started = true;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "salvo-kit-server-stop"));
            return server;
        }
    }
}
