package dev.salvo.bench;

import dev.salvo.testserver.TestServer;
import java.net.URI;

/** The embedded test server (Netty, in this JVM) standing in for nginx. */
final class EmbeddedTarget implements Target {
    private final TestServer server = TestServer.start();
    private final String why;

    EmbeddedTarget(String why) {
        this.why = why;
    }

    @Override
    public String describe() {
        return "embedded test server (" + why + ")";
    }

    @Override
    public URI small() {
        return server.httpUrl().resolve("/bytes/13");
    }

    @Override
    public URI delayed() {
        return server.httpUrl().resolve("/salvo/hold/100");
    }

    @Override
    public URI large() {
        return server.httpUrl().resolve("/bytes/1048576");
    }

    @Override
    public boolean isNginx() {
        return false;
    }

    @Override
    public void close() {
        server.close();
    }
}
