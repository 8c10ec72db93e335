package dev.salvo.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectIteration;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.salvo.conformance.Kit;
import dev.salvo.conformance.TransportConformance;
import dev.salvo.spi.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * nothing. Each case runs the relevant kit tests through the JUnit launcher against the real OkHttp
 * transport wrapped to break one rule ({@link BrokenTransports}), and checks the failure's message;
 * the control runs the same tests against the real transport, where they pass. It runs on every
 * Java release (the OkHttp transport refuses none). The kits are nested classes, so Surefire never
 * runs them by themselves.
 */
class KitRejectsBrokenTransportsTest {
    private static final List<Transport> LEAKED = new CopyOnWriteArrayList<>();

    static class CappedKit extends TransportConformance {
        CappedKit() {
            super(BrokenTransports.cappedAt(5));
        }
    }

    static class LeakyKit extends TransportConformance {
        LeakyKit() {
            super(BrokenTransports.leaky(LEAKED));
        }
    }

    static class LeaksOnceKit extends TransportConformance {
        LeaksOnceKit() {
            super(BrokenTransports.leaksItsFirstExchange(LEAKED));
        }
    }

    static class DecompressingKit extends TransportConformance {
        DecompressingKit() {
            super(BrokenTransports.decompressing());
        }
    }

    static class RedirectingKit extends TransportConformance {
        RedirectingKit() {
            super(BrokenTransports.followingRedirects());
        }
    }

    static class ResetAsIoKit extends TransportConformance {
        ResetAsIoKit() {
            super(BrokenTransports.resetAsGenericIo());
        }
    }

    static class CancelIgnoredKit extends TransportConformance {
        CancelIgnoredKit() {
            super(BrokenTransports.cancelKeepsTheConnection());
        }
    }

    static class ReopeningKit extends TransportConformance {
        ReopeningKit() {
            super(BrokenTransports.reopensAfterClose());
        }
    }

    static class BlockingKit extends TransportConformance {
        BlockingKit() {
            super(BrokenTransports.blockingTheCaller());
        }
    }

    static class ThrowingWhenClosedKit extends TransportConformance {
        ThrowingWhenClosedKit() {
            super(BrokenTransports.throwingWhenClosed());
        }
    }

    static class StreamCloseIgnoredKit extends TransportConformance {
        StreamCloseIgnoredKit() {
            super(BrokenTransports.ignoringStreamClose());
        }
    }

    static class UntypedStreamErrorsKit extends TransportConformance {
        UntypedStreamErrorsKit() {
            super(BrokenTransports.untypedStreamErrors());
        }
    }

    /** The kit over the real OkHttp transport. */
    static class ControlKit extends TransportConformance {
        ControlKit() {
            super(new OkHttpTransportProvider());
        }
    }

    @AfterEach
    void closeLeakedTransports() {
        LEAKED.forEach(Transport::close);
        LEAKED.clear();
        Kit.embeddedServer().closeConnections();
    }

    @Test
    void concurrencyTruthFailsATransportThatCapsConcurrencyAtFive() {
        TestExecutionSummary s = run(selectIteration(selectMethod(CappedKit.class, "sizeNPutsExactlyNInFlight", "int"), 0));
        assertFailed(s, 1).contains("size 64, but the server saw at most 5 requests in flight");
    }

    @Test
    void connectionReuseFailsATransportThatNeverReleasesConnections() {
        TestExecutionSummary s = run(selectMethod(LeakyKit.class, "tenThousandRequestsAtSize64OpenAtMost64Connections"));
        assertFailed(s, 1).containsPattern("the server had accepted \\d+ connections");
    }

    @Test
    void releaseOnCloseFailsATransportThatNeverReleasesConnections() {
        TestExecutionSummary s = run(selectMethod(LeakyKit.class, "closeReturnsThreadsAndSocketsToBaseline"));
        assertFailed(s, 1).contains("back to baseline after close");
    }

    @Test
    void compressionFailsATransportThatDecompresses() {
        TestExecutionSummary s = run(selectMethod(DecompressingKit.class, "gzipReachesCoreUndecoded"),
                selectMethod(DecompressingKit.class, "aCompressedBodyArrivesRawWithItsContentEncoding"));
        assertFailed(s, 2).contains("Content-Encoding of /gzip after decoding", "only core may")
                .contains("Content-Encoding of /gzip as the transport returned it: a transport never decompresses");
    }

    @Test
    void redirectsFailATransportThatFollowsThem() {
        TestExecutionSummary s = run(selectMethod(RedirectingKit.class, "redirectsAreFollowedWithHistory"),
                selectMethod(RedirectingKit.class, "aRedirectIsReturnedNotFollowed"));
        assertFailed(s, 2).contains("[final URL path]", "expected: \"/get\"", "but was: \"/redirect/3\"")
                .contains("status of /redirect/1 as the transport returned it: a transport never follows redirects");
    }

    @Test
    void errorTypesFailATransportThatReportsAResetAsAGenericIoError() {
        TestExecutionSummary s = run(selectMethod(ResetAsIoKit.class, "resetBeforeHeadersIsConnectionReset"));
        assertFailed(s, 1).contains("[error type (message: IO: I/O error", "expected: CONNECTION_RESET", "but was: IO");
    }

    @Test
    void theSpiFailsATransportWhoseCancelKeepsTheConnection() {
        TestExecutionSummary s = run(selectMethod(CancelIgnoredKit.class, "cancellingAnExchangeAwaitingItsHeadClosesItsConnection"));
        assertFailed(s, 1).contains("connection of the cancelled exchange closed");
    }

    @Test
    void theSpiFailsATransportThatTakesWorkAfterClose() {
        TestExecutionSummary s = run(selectMethod(ReopeningKit.class, "aClosedTransportRefusesNewExchangesWithClientClosed"));
        assertFailed(s, 1).contains("an exchange on a closed transport: expected to fail with CLIENT_CLOSED, but it"
                + " succeeded with status 200");
    }

    @Test
    void theSpiFailsATransportThatBlocksTheCaller() {
        TestExecutionSummary s = run(selectMethod(BlockingKit.class, "exchangeReturnsBeforeTheResponseArrives"));
        assertFailed(s, 1).contains("exchange() still running", "must return a future at once, never block its caller");
    }

    @Test
    void theSpiFailsATransportThatThrowsOnceClosed() {
        TestExecutionSummary s = run(selectMethod(ThrowingWhenClosedKit.class, "aClosedTransportRefusesNewExchangesWithClientClosed"));
        assertFailed(s, 1).contains("after close() threw java.lang.IllegalStateException: transport closed",
                "a transport reports every fault through the returned future");
    }

    @Test
    void theSpiFailsATransportThatIgnoresTheCloseOfAStream() {
        TestExecutionSummary s = run(selectMethod(StreamCloseIgnoredKit.class, "closingAStreamEarlyClosesItsConnection"));
        assertFailed(s, 1).contains("connection of a stream closed before its end closed");
    }

    @Test
    void theSpiFailsATransportWhoseStreamErrorsLoseTheirType() {
        TestExecutionSummary s = run(selectMethod(UntypedStreamErrorsKit.class,
                "anErrorWhileReadingAStreamIsAnIOExceptionCausedByASalvoException"));
        assertFailed(s, 1).contains("reading a streamed body cut short by the server: cause of the IOException",
                "a stream's errors carry a SalvoException naming the fault");
    }

    /** A test whose own assertions pass but that leaves a connection open fails; the next test starts quiet and passes. */
    @Test
    void aLeakFailsTheTestThatLeakedNotTheNextOne() {
        TestExecutionSummary leaking = run(selectMethod(LeaksOnceKit.class, "aRedirectIsReturnedNotFollowed"));
        assertFailed(leaking, 1).contains("SpiExchangeTests.aRedirectIsReturnedNotFollowed leaked:")
                .contains("openConnections=1").contains("the kit closed the 1 connection(s) left");
        // the next test begins by waiting for a quiet server: the leftover connection would have failed it
        TestExecutionSummary next = run(selectMethod(ControlKit.class, "closeReleasesAnUnreadStreamingResponse"));
        assertThat(next.getTestsSucceededCount()).as("the next test passed; failures: %s", why(next)).isEqualTo(1);
    }

    @Test
    void theSameTestsPassOnTheRealOkHttpTransport() {
        TestExecutionSummary s = run(
                selectIteration(selectMethod(ControlKit.class, "sizeNPutsExactlyNInFlight", "int"), 0),
                selectMethod(ControlKit.class, "tenThousandRequestsAtSize64OpenAtMost64Connections"),
                selectMethod(ControlKit.class, "closeReturnsThreadsAndSocketsToBaseline"),
                selectMethod(ControlKit.class, "gzipReachesCoreUndecoded"),
                selectMethod(ControlKit.class, "aCompressedBodyArrivesRawWithItsContentEncoding"),
                selectMethod(ControlKit.class, "redirectsAreFollowedWithHistory"),
                selectMethod(ControlKit.class, "aRedirectIsReturnedNotFollowed"),
                selectMethod(ControlKit.class, "resetBeforeHeadersIsConnectionReset"),
                selectMethod(ControlKit.class, "cancellingAnExchangeAwaitingItsHeadClosesItsConnection"),
                selectMethod(ControlKit.class, "aClosedTransportRefusesNewExchangesWithClientClosed"),
                selectMethod(ControlKit.class, "exchangeReturnsBeforeTheResponseArrives"),
                selectMethod(ControlKit.class, "closingAStreamEarlyClosesItsConnection"),
                selectMethod(ControlKit.class, "anErrorWhileReadingAStreamIsAnIOExceptionCausedByASalvoException"));
        assertThat(s.getTestsSucceededCount()).as("kit tests passed on the real transport; failures: %s", why(s))
                .isEqualTo(13);
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertFailed(TestExecutionSummary s, int failures) {
        assertThat(s.getTestsFailedCount()).as("failed kit tests (messages: %s)", why(s)).isEqualTo(failures);
        return assertThat(why(s));
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
