package dev.salvo.conformance;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The one thing every category of the kit needs: the {@link Kit}. Its lifecycle methods name the
 * running test (for skip lines), close every client and transport a test made, and fail the test
 * if it left a connection open or a request in flight at the embedded server.
 */
public interface KitContext {

    /** The kit of the transport under test. */
    Kit kit();

    @BeforeEach
    default void kitBeginTest(TestInfo info) {
        kit().beginTest(info);
    }

    @AfterEach
    default void kitEndTest() {
        kit().endTest();
    }
}
