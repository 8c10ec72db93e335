package dev.salvo.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectIteration;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.salvo.conformance.Kit;
import dev.salvo.conformance.TransportConformance;
import dev.salvo.spi.Transport;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The kit must fail broken transports, for the right reason: a kit that passes everything proves
 * nothing. Each case runs the relevant kit tests through the JUnit launcher against a transport
 * broken on purpose, and the same tests against the real JDK transport as the control.
 */
class KitRejectsBrokenTransportsTest {
    private static final List<Transport> LEAKED = BrokenTransports.newLeakList();

    /** The kit over a transport that silently caps concurrency at 5. Nested: Surefire never runs it by itself. */
    static class CappedKit extends TransportConformance {
        CappedKit() {
            super(BrokenTransports.cappedAt(5));
        }
    }

    /** The kit over a transport that never releases a connection. */
    static class LeakyKit extends TransportConformance {
        LeakyKit() {
            super(BrokenTransports.leaky(LEAKED));
        }
    }

    /** The kit over the real JDK transport. */
    static class ControlKit extends TransportConformance {
        ControlKit() {
            super(new JdkTransportProvider());
        }
    }

    @AfterEach
    void closeLeakedTransports() {
        LEAKED.forEach(Transport::close);
        LEAKED.clear();
        Kit.embeddedServer().closeConnections(); // on Java 17 closed JDK clients keep their connections until collected
    }

    @Test
    void concurrencyTruthFailsATransportThatCapsConcurrencyAtFive() {
        TestExecutionSummary s = run(selectIteration(selectMethod(CappedKit.class, "sizeNPutsExactlyNInFlight", "int"), 0));
        assertThat(s.getTestsFailedCount()).as("failed kit tests").isEqualTo(1);
        assertThat(why(s)).contains("size 64, but the server saw at most 5 requests in flight");
    }

    @Test
    void connectionReuseFailsATransportThatNeverReleasesConnections() {
        TestExecutionSummary s = run(selectMethod(LeakyKit.class, "tenThousandRequestsAtSize64OpenAtMost64Connections"));
        assertThat(s.getTestsFailedCount()).as("failed kit tests").isEqualTo(1);
        assertThat(why(s)).containsPattern("the server had accepted \\d+ connections");
    }

    @Test
    void releaseOnCloseFailsATransportThatNeverReleasesConnections() {
        TestExecutionSummary s = run(selectMethod(LeakyKit.class, "closeReturnsThreadsAndSocketsToBaseline"));
        assertThat(s.getTestsFailedCount()).as("failed kit tests").isEqualTo(1);
        assertThat(why(s)).contains("back to baseline after close");
    }

    @Test
    void theSameTestsPassOnTheRealJdkTransport() {
        TestExecutionSummary s = run(
                selectIteration(selectMethod(ControlKit.class, "sizeNPutsExactlyNInFlight", "int"), 0),
                selectMethod(ControlKit.class, "tenThousandRequestsAtSize64OpenAtMost64Connections"),
                selectMethod(ControlKit.class, "closeReturnsThreadsAndSocketsToBaseline"));
        // on Java 17 the JDK transport does not declare RELEASE_ON_CLOSE: that check skips, saying why
        int releaseChecks = ClientShutdown.supported() ? 1 : 0;
        assertThat(s.getTestsSucceededCount()).as("kit tests passed on the real transport; failures: %s", why(s))
                .isEqualTo(2 + releaseChecks);
        assertThat(s.getTestsAbortedCount()).as("kit tests skipped on the real transport").isEqualTo(1 - releaseChecks);
    }

    private static TestExecutionSummary run(DiscoverySelector... selectors) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(), listener);
        return listener.getSummary();
    }

    private static String why(TestExecutionSummary s) {
        return s.getFailures().stream().map(f -> String.valueOf(f.getException().getMessage())).collect(Collectors.joining("\n"));
    }
}
