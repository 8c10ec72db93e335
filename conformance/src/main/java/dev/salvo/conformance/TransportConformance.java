package dev.salvo.conformance;

import dev.salvo.spi.TransportProvider;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The whole conformance kit for one transport. A transport's test is one line:
 *
 * <pre>{@code
 * class JdkConformanceTest extends TransportConformance {
 *     JdkConformanceTest() { super(new JdkTransportProvider()); }
 * }
 * }</pre>
 *
 * <p>Every client a test makes is built over the given provider explicitly (not by discovery) and
 * closed after the test, as is every bare transport the SPI category ({@link SpiExchangeTests},
 * {@link SpiLifecycleTests}) drives below core; a connection or request then still open at the
 * embedded server fails the test that left it (a leak). The tests share one embedded test server per JVM. A test the transport
 * cannot pass for want of a declared {@link dev.salvo.spi.Capability} is skipped, and the skip is
 * printed to stderr with the capability and the reason; so is every test needing the embedded
 * server when {@value Kit#HTTPBIN_ENV} points the httpbin tests at an external httpbin.
 *
 * <p>Run the JVM with {@code -Djdk.net.hosts.file=<the build's .mvn/test-hosts>} so names resolve
 * without sending a DNS query: the unknown-host test needs a hosts file at all, the cookie and
 * many-origin tests need its names ({@code evil.example.com}, {@code bank.example.com},
 * {@code o0.salvo.test} to {@code o99.salvo.test}, all 127.0.0.1); without them those tests are
 * skipped and say why.
 * No test sends traffic beyond loopback. A test that hangs fails after a minute. The kit runs alone
 * and one test at a time, even where parallel execution is switched on, since its tests read the
 * shared server's counters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Isolated("the tests read the shared test server's counters")
@Execution(ExecutionMode.SAME_THREAD)
public abstract class TransportConformance implements MethodsAndBodiesTests, ParamsAndEncodingTests, HeadersTests,
        StatusTests, RedirectTests, CookieAndSessionTests, CompressionTests, TimeoutAndCancellationTests,
        ErrorTypeTests, TlsTests, StreamingTests, BatchSemanticsTests, CallbacksAndListenersTests,
        BatchDeadlineTests, ConcurrencyTruthTests, ConnectionReuseTests, ReleaseOnCloseTests, RetryAndRateLimitTests,
        BadInputTests, HostileResponseTests, IsolationTests, SpiExchangeTests, SpiLifecycleTests {

    private final Kit kit;

    /** The kit for the transport {@code provider} creates. */
    protected TransportConformance(TransportProvider provider) {
        this.kit = new Kit(Objects.requireNonNull(provider, "provider"));
    }

    @Override
    public final Kit kit() {
        return kit;
    }
}
