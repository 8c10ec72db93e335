package dev.salvo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of core tests that drive a client against a {@link FakeTransport}: each test gets a new
 * transport and a client with the default config over it, closed after the test.
 */
abstract class AgainstFakeTransport {
    FakeTransport transport;
    Salvo salvo;

    @BeforeEach
    void startClientOverFakeTransport() {
        transport = new FakeTransport();
        salvo = Salvo.create(SalvoConfig.defaults(), FakeTransport.provider(transport));
    }

    @AfterEach
    void closeClient() {
        salvo.close();
    }

    /** {@code pathAndQuery} on the fake transport's origin. */
    static String url(String pathAndQuery) {
        return "http://fake.test" + pathAndQuery;
    }

    /** A GET of {@code path} on the fake transport's origin. */
    static Request get(String path) {
        return Request.get(url(path));
    }
}
