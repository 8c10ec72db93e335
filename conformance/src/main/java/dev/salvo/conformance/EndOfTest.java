package dev.salvo.conformance;

import dev.salvo.testserver.Stats;
import dev.salvo.testserver.TestServer;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the kit does after each test: closes every client and transport the test made, then checks for leaks:
 * the embedded server must see no connection open and no request in flight. A test that leaves one
 * fails itself, naming what it left; the check then closes the leftovers at the server, so the next
 * test starts quiet and passes or fails on its own merits (before this check, a leak surfaced as the
 * next test's "server quiet before ..." wait timing out).
 */
final class EndOfTest {
    /**
     * How long the server may take to see a closed client's connections end: closing is asynchronous
     * on most stacks (the last FIN is still on its way when close() returns), but never slow.
     */
    static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(5);

    private EndOfTest() {
    }

    /**
     * Runs every closer; a failing close fails the test (release on close is part of the contract).
     * Then, unless {@code server} is null (not started, or an external httpbin in use): where the
     * transport lacks {@link dev.salvo.spi.Capability#RELEASE_ON_CLOSE} ({@code releases} false), the
     * server closes the connections the closed clients may keep until the JVM collects the stack's
     * client, so that the next test starts quiet; and {@link #assertNothingLeft} fails the test on a leak.
     * A close failure is thrown first, with a leak added to it as suppressed.
     */
    static void finish(String test, List<Runnable> closers, boolean releases, TestServer server) {
        RuntimeException first = null;
        for (Runnable close : closers) {
            try {
                close.run();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        AssertionError leak = null;
        if (server != null) {
            if (!releases) {
                server.closeConnections();
            }
            try {
                assertNothingLeft(test, server);
            } catch (AssertionError e) {
                leak = e;
            }
        }
        if (first != null) {
            if (leak != null) {
                first.addSuppressed(leak);
            }
            throw first;
        }
        if (leak != null) {
            throw leak;
        }
    }

    /**
     * Fails {@code test} with an {@link AssertionError} if {@code server} still has a connection open
     * or a request in flight after {@link #GRACE}; before failing, closes every connection left.
     */
    static void assertNothingLeft(String test, TestServer server) {
        Stats stats = server.stats();
        try {
            Awaitility.await().pollDelay(Duration.ZERO).pollInterval(POLL).atMost(GRACE)
                    .until(() -> stats.openConnections() == 0 && stats.inFlight() == 0);
        } catch (ConditionTimeoutException e) {
            String left = stats.toString();
            int closed = server.closeConnections();
            throw new AssertionError(test + " leaked: " + GRACE.toSeconds() + " s after every client and transport"
                    + " it made was closed, the embedded server still had connections open or requests in flight ("
                    + left + "); the kit closed the " + closed + " connection(s) left so that the next test starts"
                    + " quiet");
        }
    }
}
