package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salvo.Cookie;
import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.SalvoException;
import dev.salvo.Session;
import dev.salvo.spi.Capability;
import dev.salvo.testserver.Stats;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract items 22 to 26: a hostile server. Every request ends with the named {@link ErrorType};
 * a response whose framing is malformed or ambiguous is {@link ErrorType#PROTOCOL} and its
 * connection is closed, so the next request goes out on a fresh connection (counted at the server,
 * which keeps the poisoned one open and would answer on it) and never reads a forged response left
 * on the old one; a decompression bomb is {@link ErrorType#BODY_TOO_LARGE} in bounded memory;
 * credentials and cookies stay on their origin.
 *
 * <p>Clients here read with a 2 s read timeout, so a transport that waits for bytes a malformed
 * response never sends fails in seconds, as {@link ErrorType#READ_TIMEOUT}, rather than at the
 * 30 s default.
 *
 * <p>Memory is measured as bytes allocated by all threads while the request ran ({@link Allocations}),
 * not as heap in use, so the test means the same whatever {@code -Xmx} the JVM has: a bomb may cost
 * the default 128 MiB cap once, plus 64 MiB for everything else, which is what a JVM with
 * {@code -Xmx256m} can give it. The cookie tests with
 * two host names need the build's test hosts file ({@code evil.example.com},
 * {@code bank.example.com} as 127.0.0.1) and skip without it.
 */
public interface HostileResponseTests extends KitContext {

    /** Header of the forged response the ambiguous faults hide in their leftover bytes. */
    String FORGED = "X-Forged";
    /** The default cap on a decompressed body (128 MiB). */
    long DEFAULT_DECOMPRESSED_CAP = 128L << 20;
    /** Most cookies one jar may hold: a browser's total (~3,000). */
    int MAX_JAR_COOKIES = 3_000;
    /** Largest Cookie header sent: what common servers accept in one header line (8 KiB). */
    int MAX_COOKIE_HEADER = 8 * 1024;

    // ------------------------------------------------------------------ framing: PROTOCOL, connection closed

    @Test
    default void chunkedWithContentLengthIsProtocolAndClosesTheConnection() {
        protocolThenFreshConnection("/fault/chunked-with-content-length");
    }

    @ParameterizedTest(name = "first={0}")
    @ValueSource(strings = {"short", "long"})
    default void twoContentLengthsAreProtocolAndCloseTheConnection(String first) {
        protocolThenFreshConnection("/fault/two-content-lengths?first=" + first);
    }

    @ParameterizedTest(name = "Content-Length: {0}")
    @ValueSource(strings = {"-1", "5x", "5, 64"})
    default void malformedContentLengthIsProtocolAndClosesTheConnection(String value) {
        protocolThenFreshConnection("/fault/content-length?value=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    @Test
    default void bareCrInAHeaderIsProtocolAndClosesTheConnection() {
        kit().requires(Capability.STRICT_HEAD_PARSING);
        protocolThenFreshConnection("/fault/bare-cr");
    }

    @Test
    default void statusCode999999IsProtocolAndClosesTheConnection() {
        protocolThenFreshConnection("/fault/status-code?code=999999");
    }

    @Test
    default void hundredThousandHeaderLinesAreProtocolAndCloseTheConnection() {
        // A head this large may be refused by the stack's own parser rather than by WireRules.
        protocolThenFreshConnection("/fault/many-headers?count=100000", Capability.CLOSE_ON_PARSE_ERROR);
    }

    // ------------------------------------------------------------------ bombs: BODY_TOO_LARGE in bounded memory

    @Test
    default void gzipBombIsBodyTooLargeInBoundedMemory() {
        bombIsBodyTooLarge("/fault/gzip-bomb");
    }

    @Test
    default void deflateBombIsBodyTooLargeInBoundedMemory() {
        bombIsBodyTooLarge("/fault/deflate-bomb");
    }

    // ------------------------------------------------------------------ a dripping head

    /** The read timeout is the quiet time between bytes: a head arriving a byte per 500 ms never trips 1 s. */
    @Test
    default void headDrippingFasterThanTheReadTimeoutSucceeds() {
        kit().requires(Capability.IDLE_TIMEOUT_IN_HEAD);
        Salvo client = kit().client(b -> b.readTimeout(Duration.ofSeconds(1)));
        long start = System.nanoTime();
        Response r = client.execute(Request.get(kit().url("/fault/slow-head?bytes=6&interval_ms=500")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).as("status of a head dripping a byte per 500 ms under a 1 s read timeout")
                .isEqualTo(200);
        assertThat(r.text()).as("body").isEqualTo("hello");
        assertThat(millis).as("ms the response took (7 quiet spells of 500 ms)").isGreaterThanOrEqualTo(3000);
    }

    /** The per-attempt timeout still bounds a response that drips just fast enough to beat the read timeout. */
    @Test
    default void headDrippingLongerThanTheRequestTimeoutIsRequestTimeout() {
        kit().requires(Capability.IDLE_TIMEOUT_IN_HEAD);
        Salvo client = kit().client(b -> b.readTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofMillis(1500)));
        long start = System.nanoTime();
        Kit.expectFailure(ErrorType.REQUEST_TIMEOUT,
                () -> client.execute(Request.get(kit().url("/fault/slow-head?bytes=6&interval_ms=500"))));
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the 1.5 s request timeout fired")
                .isLessThan(3000);
    }

    // ------------------------------------------------------------------ cookies

    /**
     * 8 responses of 5,000 new cookies each: the jar stays within a browser's bounds, the next
     * request's Cookie header stays within what servers accept, and storing them takes linear time
     * (the last response costs about what the first did, not 8 times more or worse).
     */
    @Test
    default void fiveThousandSetCookieLinesPerResponseLeaveABoundedJar() {
        Session session = kit().client().newSession().build();
        List<Long> millis = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            long start = System.nanoTime();
            Response r = session.execute(Request.get(kit().url("/fault/many-cookies?count=5000&prefix=r" + round + "c")));
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(r.status()).as("status of response %d with 5,000 Set-Cookie lines (431: the request carried "
                    + "more cookie bytes than the server's 256 KiB limit on a request head)", round).isEqualTo(200);
        }
        assertThat(session.cookies().size()).as("cookies in the jar after 8 x 5,000 Set-Cookie lines")
                .isLessThanOrEqualTo(MAX_JAR_COOKIES);
        String cookieHeader = Kit.echoedHeader(kit().json(session.execute(Request.get(kit().url("/headers")))), "Cookie");
        assertThat(cookieHeader).as("Cookie header of the next request").isNotNull();
        assertThat(cookieHeader.length()).as("bytes of the Cookie header on the next request")
                .isLessThanOrEqualTo(MAX_COOKIE_HEADER);
        assertThat(millis.get(7)).as("ms for the 8th response against the 1st (all: %s)", millis)
                .isLessThanOrEqualTo(4 * millis.get(0) + 1000);
    }

    /** evil.example.com may set a cookie for example.com, never for the public suffix com. */
    @Test
    default void publicSuffixCookieIsNotSentToASiblingHost() {
        int port = requireTestHostNames();
        Session session = kit().client().newSession().build();
        session.execute(Request.get("http://evil.example.com:" + port + "/response-headers?"
                + setCookie("suffix=1; Domain=com; Path=/") + "&" + setCookie("site=1; Domain=example.com; Path=/")));
        JsonNode cookies = kit().json(session.execute(Request.get("http://bank.example.com:" + port + "/cookies")))
                .get("cookies");
        assertThat(cookies.path("site").asText()).as("cookie for example.com at bank.example.com: %s", cookies)
                .isEqualTo("1");
        assertThat(cookies.has("suffix")).as("cookie for the public suffix com sent to bank.example.com: %s", cookies)
                .isFalse();
        assertThat(session.cookies()).as("domains of the cookies in the jar").extracting(Cookie::domain)
                .doesNotContain("com");
    }

    @Test
    default void secureCookieSetOverHttpIsIgnored() {
        Session session = kit().client().newSession().build();
        session.execute(Request.get(kit().url("/response-headers?" + setCookie("secure=1; Secure; Path=/") + "&"
                + setCookie("plain=1; Path=/"))));
        JsonNode cookies = kit().json(session.execute(Request.get(kit().url("/cookies")))).get("cookies");
        assertThat(cookies.path("plain").asText()).as("plain cookie set over http: %s", cookies).isEqualTo("1");
        assertThat(cookies.has("secure")).as("Secure cookie set over http and sent back: %s", cookies).isFalse();
        assertThat(session.cookies()).as("cookies in the jar").extracting(Cookie::name).doesNotContain("secure");
    }

    // ------------------------------------------------------------------ credentials across hosts

    @Test
    default void clientDefaultCredentialsDoNotFollowARedirectToAnotherHost() {
        Salvo client = kit().client(b -> b.header("Authorization", "Bearer client-default")
                .header("Proxy-Authorization", "Basic Y2xpZW50OmRlZmF1bHQ=").header("Cookie", "client=default"));
        credentialsStayOnTheirHost("client default", client::execute);
    }

    @Test
    default void sessionDefaultCredentialsDoNotFollowARedirectToAnotherHost() {
        Session session = kit().client().newSession().header("Authorization", "Bearer session-default")
                .header("Proxy-Authorization", "Basic c2Vzc2lvbjpkZWZhdWx0").header("Cookie", "session=default").build();
        credentialsStayOnTheirHost("session default", session::execute);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The fault is PROTOCOL; the server (which keeps that connection open) then sees the next
     * request arrive on a second connection and the first one closed; the next response is the
     * real one, not a forgery left on the old connection.
     */
    private void protocolThenFreshConnection(String faultPath) {
        protocolThenFreshConnection(faultPath, null);
    }

    /**
     * As {@link #protocolThenFreshConnection(String)}; when closing the old connection depends on
     * {@code closeNeeds}, a transport without it passes every other check and is skipped only at
     * the wait for the close.
     */
    private void protocolThenFreshConnection(String faultPath, Capability closeNeeds) {
        Stats stats = kit().quietStats();
        Salvo client = kit().client(b -> b.readTimeout(Duration.ofSeconds(2)));
        Kit.expectFailure(ErrorType.PROTOCOL, () -> client.execute(Request.get(kit().url(faultPath))));
        long accepted = stats.connectionsAccepted();
        assertThat(accepted).as("connections accepted for %s", faultPath).isPositive();
        Response next = client.execute(Request.get(kit().url("/get?after=fault")));
        assertThat(next.header(FORGED)).as("%s on the response after %s (a forgery left on the connection)",
                FORGED, faultPath).isNull();
        assertThat(next.status()).as("status of the request after %s", faultPath).isEqualTo(200);
        assertThat(kit().json(next).path("args").path("after").asText()).as("echo of the request after %s", faultPath)
                .isEqualTo("fault");
        assertThat(stats.connectionsAccepted()).as("connections accepted after %s and one more request: the "
                + "connection of a malformed response must not be reused", faultPath).isEqualTo(accepted + 1);
        if (closeNeeds != null) {
            kit().requires(closeNeeds);
        }
        await("the connection of " + faultPath + " closed by the client (" + stats + ")")
                .atMost(Duration.ofSeconds(5)).until(() -> stats.openConnections() == 1);
    }

    private void bombIsBodyTooLarge(String path) {
        if (!Allocations.supported()) {
            kit().skip("ALLOCATION_COUNTS", "this JVM does not count allocations per thread, so memory cannot be bounded");
        }
        kit().awaitServerIdle();
        Salvo client = kit().client(b -> b.requestTimeout(Duration.ofSeconds(30)));
        // warm-up: the same path, so class loading and first-use buffers are not counted below
        Kit.expectFailure(ErrorType.BODY_TOO_LARGE, () -> client.execute(Request.get(kit().url(path))));
        Allocations allocations = Allocations.start();
        long start = System.nanoTime();
        SalvoException e = Kit.expectFailure(ErrorType.BODY_TOO_LARGE,
                () -> client.execute(Request.get(kit().url(path))));
        long allocated = allocations.bytesSinceStart();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.getMessage()).as("message names the cap").contains(String.valueOf(DEFAULT_DECOMPRESSED_CAP));
        // the decoded bytes up to the cap, once, plus 64 MiB for everything else: a second copy of them, or an array
        // doubling its way up to the cap (4 + 8 + ... + 128 MiB), is what a JVM with -Xmx256m cannot afford
        long bound = DEFAULT_DECOMPRESSED_CAP + (64L << 20);
        assertThat(allocated).as("bytes allocated by all threads while decoding %s (1 GiB of zeros) against the "
                + "default %d-byte cap, in %d ms", path, DEFAULT_DECOMPRESSED_CAP, millis).isLessThanOrEqualTo(bound);
        assertThat(client.execute(Request.get(kit().url("/get"))).status()).as("status of the request after %s", path)
                .isEqualTo(200);
    }

    /**
     * On another host no credential arrives. On the same host Authorization and Cookie do (so the
     * echo is known to work); Proxy-Authorization is not checked there, since a stack may rightly
     * keep it for proxies only (the JDK client never sends it to an origin).
     */
    private void credentialsStayOnTheirHost(String source, Function<Request, Response> execute) {
        List<String> credentials = List.of("Authorization", "Proxy-Authorization", "Cookie");
        JsonNode same = kit().json(execute.apply(Request.get(kit().url("/redirect-to?url=" + enc("/headers")))));
        for (String name : List.of("Authorization", "Cookie")) {
            assertThat(Kit.echoedHeader(same, name)).as("%s %s after a redirect on the same host", source, name)
                    .isNotNull();
        }
        String other = kit().server().httpUrlOtherHost() + "/headers";
        Response r = execute.apply(Request.get(kit().url("/redirect-to?url=" + enc(other))));
        assertThat(r.url().getHost()).as("host after the redirect").isEqualTo(kit().server().httpUrlOtherHost().getHost());
        JsonNode echo = kit().json(r);
        for (String name : credentials) {
            assertThat(Kit.echoedHeader(echo, name)).as("%s %s at another host", source, name).isNull();
        }
    }

    /** The test server's plain port, when the JVM resolves the test host names; skips otherwise. */
    private int requireTestHostNames() {
        int port = kit().server().httpUrl().getPort();
        try {
            if (System.getProperty("jdk.net.hosts.file") != null
                    && InetAddress.getByName("evil.example.com").isLoopbackAddress()
                    && InetAddress.getByName("bank.example.com").isLoopbackAddress()) {
                return port;
            }
        } catch (UnknownHostException e) {
            // fall through to the skip
        }
        kit().skip("TEST_HOST_NAMES", "the JVM does not resolve evil.example.com and bank.example.com to loopback "
                + "from a hosts file; run with -Djdk.net.hosts.file=<the build's .mvn/test-hosts>");
        return port;
    }

    private static String setCookie(String value) {
        return "Set-Cookie=" + enc(value);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
