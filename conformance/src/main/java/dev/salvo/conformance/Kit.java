package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salvo.ErrorType;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.SalvoConfig;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.Capability;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportProvider;
import dev.salvo.testserver.Stats;
import dev.salvo.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInfo;
import org.opentest4j.TestAbortedException;

/**
 * What every kit test works with: the transport under test, clients and bare transports built over
 * it (closed after each test), the embedded test server or an external httpbin, and the skip rules.
 *
 * <p>A leak fails the test that made it: once a test's clients and transports are closed, the
 * embedded server must see no connection open and no request in flight within a few seconds (see
 * {@link EndOfTest}); otherwise that test fails, saying so, and the kit closes what was left so the
 * next test starts quiet.
 *
 * <p>Every skip is printed to stderr as {@code SKIPPED <test>: <capability> — <reason>}. A test
 * is skipped when the transport does not declare a {@link Capability} it needs, or when
 * {@value #HTTPBIN_ENV} points the kit at an external httpbin and the test needs the embedded
 * server's instrumentation or faults. Some tests also skip when the machine cannot produce their
 * fault without traffic beyond loopback: the connect timeout (a loopback listen queue that never
 * fills), the unknown host (a JVM resolving names through DNS rather than a hosts file), and the
 * tests needing the test hosts file's names. Two skip on a JVM that cannot measure what they bound:
 * the bombs without per-thread allocation counts, the many-origin test without a heap histogram.
 * Every test skips, as {@value #UNAVAILABLE}, when the provider says it cannot run on this JVM
 * ({@link TransportProvider#unavailableReason()}).
 */
public final class Kit {
    /** Environment variable naming an external httpbin base URL for the httpbin-path tests. */
    public static final String HTTPBIN_ENV = "SALVO_HTTPBIN_URL";
    /** The pseudo-capability printed when a test needs the embedded server. */
    public static final String EMBEDDED_SERVER = "EMBEDDED_SERVER";
    /** The skip label of every test when the provider cannot run on this JVM. */
    public static final String UNAVAILABLE = "TRANSPORT_UNAVAILABLE";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SALVO_USER_THREAD = Pattern.compile("salvo-\\d+-callback-\\d+");
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final TransportProvider provider;
    private final String externalHttpbin;
    private final List<Salvo> clients = new CopyOnWriteArrayList<>();
    private final List<Transport> transports = new CopyOnWriteArrayList<>();
    private volatile String currentTest = "(no test)";
    private volatile Set<Capability> capabilities;

    Kit(TransportProvider provider) {
        this(provider, System.getenv(HTTPBIN_ENV));
    }

    Kit(TransportProvider provider, String externalHttpbin) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.externalHttpbin = externalHttpbin == null || externalHttpbin.isBlank() ? null
                : externalHttpbin.replaceAll("/+$", "");
    }

    public TransportProvider provider() {
        return provider;
    }

    // ------------------------------------------------------------------ test lifecycle

    void beginTest(TestInfo info) {
        String method = info.getTestMethod().map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName())
                .orElse(info.getDisplayName());
        boolean parameterized = info.getTestMethod().map(m -> m.getParameterCount() > 0).orElse(false)
                && !info.getDisplayName().startsWith(info.getTestMethod().get().getName());
        currentTest = parameterized ? method + " " + info.getDisplayName() : method;
        provider.unavailableReason().ifPresent(reason ->
                skip(UNAVAILABLE, "the " + provider.name() + " transport refuses to run on this JVM: " + reason));
    }

    /**
     * Closes every client and transport the test made, then checks the embedded server for what
     * they left; see {@link EndOfTest#finish}.
     */
    void endTest() {
        // asked of the test's own clients, not of a probe: a probe would be one more client to release
        boolean releases = releasesOnClose();
        List<Runnable> closers = new ArrayList<>();
        clients.forEach(c -> closers.add(c::close));
        transports.forEach(t -> closers.add(t::close));
        clients.clear();
        transports.clear();
        EndOfTest.finish(currentTest, closers, releases,
                !isExternal() && EmbeddedServer.started() ? EmbeddedServer.get() : null);
    }

    private boolean releasesOnClose() {
        if (!clients.isEmpty()) {
            return clients.get(0).capabilities().contains(Capability.RELEASE_ON_CLOSE);
        }
        return transports.isEmpty() || transports.get(0).capabilities().contains(Capability.RELEASE_ON_CLOSE);
    }

    /** The running test, as printed in skip lines. */
    public String currentTest() {
        return currentTest;
    }

    // ------------------------------------------------------------------ clients

    /** A client with default settings; closed after the test. */
    public Salvo client() {
        return client(b -> { });
    }

    /** A client with settings; closed after the test. */
    public Salvo client(Consumer<SalvoConfig.Builder> settings) {
        SalvoConfig.Builder b = SalvoConfig.builder();
        settings.accept(b);
        Salvo c = Salvo.create(b.build(), provider);
        clients.add(c);
        return c;
    }

    /** A bare transport with {@link Configs}' defaults (core's), for the SPI tests; closed after the test. */
    public Transport transport() {
        return transport(c -> c);
    }

    /** A bare transport with the defaults changed by {@code settings}; closed after the test. */
    public Transport transport(UnaryOperator<Configs.Builder> settings) {
        Transport t = Objects.requireNonNull(provider.create(Configs.config(settings)),
                () -> provider.name() + " provider created a null transport");
        transports.add(t);
        return t;
    }

    /** The transport's declared capabilities (asked of a throwaway client once). */
    public Set<Capability> capabilities() {
        Set<Capability> caps = capabilities;
        if (caps == null) {
            try (Salvo probe = Salvo.create(SalvoConfig.defaults(), provider)) {
                caps = Set.copyOf(probe.capabilities());
            }
            capabilities = caps;
        }
        return caps;
    }

    /** Skips the test, with the printed reason, unless the transport declares {@code capability}. */
    public void requires(Capability capability) {
        if (!capabilities().contains(capability)) {
            skip(capability.name(), capability.missingReason());
        }
    }

    // ------------------------------------------------------------------ servers

    /** Whether httpbin-path tests go to an external httpbin ({@value #HTTPBIN_ENV}). */
    public boolean isExternal() {
        return externalHttpbin != null;
    }

    /** {@code path} on httpbin: the external one when configured, else the embedded server. */
    public String httpbin(String path) {
        return (isExternal() ? externalHttpbin : EmbeddedServer.get().httpUrl().toString()) + path;
    }

    /** The embedded server; skips the test when an external httpbin is configured. */
    public TestServer server() {
        if (isExternal()) {
            skip(EMBEDDED_SERVER, HTTPBIN_ENV + " is set (" + externalHttpbin
                    + "); this test needs the embedded server's instrumentation or faults");
        }
        return EmbeddedServer.get();
    }

    /** {@code path} on the embedded server's plain HTTP port; skips when an external httpbin is configured. */
    public String url(String path) {
        return server().httpUrl() + path;
    }

    /** A URL on a loopback port where nothing listens: connecting is refused. */
    public String refusedUrl(String path) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The embedded test server every kit in this JVM shares (started on first use). */
    public static TestServer embeddedServer() {
        return EmbeddedServer.get();
    }

    /** The embedded server as a witness that nothing was sent, whatever the httpbin setting. */
    public TestServer witness() {
        return EmbeddedServer.get();
    }

    /** The embedded server's counters; skips when an external httpbin is configured. */
    public Stats stats() {
        return server().stats();
    }

    /** Waits until the embedded server has no request in flight (leftovers of earlier tests ended). */
    public void awaitServerIdle() {
        Stats stats = stats();
        await().atMost(SETTLE).untilAsserted(() -> assertThat(stats.inFlight())
                .as("requests still in flight at the server before %s (%s)", currentTest, stats).isZero());
    }

    /** Waits until the server is idle and no connection is open, then zeroes its counters. */
    public Stats quietStats() {
        Stats stats = stats();
        await().atMost(SETTLE).untilAsserted(() -> assertThat(stats.inFlight() == 0 && stats.openConnections() == 0)
                .as("server quiet (nothing in flight, no connection open) before %s: %s", currentTest, stats).isTrue());
        stats.reset();
        return stats;
    }

    // ------------------------------------------------------------------ assertions

    /** The response body parsed as JSON. */
    public JsonNode json(Response r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("response of " + r.request() + " is not JSON: " + r.text(), e);
        }
    }

    /** A request header as the server echoed it (httpbin's {@code headers} object), case-insensitively; null if absent. */
    public static String echoedHeader(JsonNode echo, String name) {
        return Exchanges.echoedHeader(echo, name);
    }

    /** Runs {@code call}, which must throw a {@link SalvoException} of {@code type}; returns it. */
    public static SalvoException expectFailure(ErrorType type, ThrowingCallable call) {
        Throwable thrown = null;
        try {
            call.call();
        } catch (TestAbortedException skipped) {
            throw skipped;
        } catch (Throwable t) {
            thrown = t;
        }
        assertThat(thrown).as("expected a SalvoException of type %s, but nothing was thrown", type).isNotNull();
        assertThat(thrown).as("expected a SalvoException of type %s", type).isInstanceOf(SalvoException.class);
        SalvoException e = (SalvoException) thrown;
        assertThat(e.type()).as("error type (message: %s)", e.getMessage()).isEqualTo(type);
        return e;
    }

    /** Whether {@code t} is one of Salvo's threads for user code (callbacks and {@code send} completions). */
    public static boolean isSalvoUserThread(Thread t) {
        return SALVO_USER_THREAD.matcher(t.getName()).matches();
    }

    /** Names of threads, for messages. */
    public static List<String> names(Iterable<Thread> threads) {
        List<String> out = new ArrayList<>();
        threads.forEach(t -> out.add(t.getName()));
        return out;
    }

    /** Prints the skip line and aborts the test. */
    public void skip(String capability, String reason) {
        System.err.println("SKIPPED " + currentTest + ": " + capability + " — " + reason);
        Assumptions.abort(capability + " — " + reason);
    }
}
