package dev.salvo.testserver;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The base of the tests that share one server per test class: started before the class's tests,
 * closed after them. Test classes run one after another, so the fields belong to one class at a time.
 */
abstract class AgainstTestServer {
    static TestServer server;
    /** The server's plain HTTP URL. */
    static URI base;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
        base = server.httpUrl();
    }

    @AfterAll
    static void closeServer() {
        server.close();
    }
}
