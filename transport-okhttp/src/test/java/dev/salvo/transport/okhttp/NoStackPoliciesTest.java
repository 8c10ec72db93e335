package dev.salvo.transport.okhttp;

import static dev.salvo.transport.okhttp.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.HttpVersion;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.Stats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import okhttp3.Protocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OkHttp's own redirects, retries, cookies and transparent gzip are off: core owns them. */
class NoStackPoliciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Fixture env = new Fixture();

    @BeforeEach
    void quietServer() {
        Stats stats = env.server().stats();
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.inFlight() == 0);
        stats.reset();
    }

    @Test
    void gzipBodyIsPassedRawWhenCoreAsksForGzip() throws IOException {
        TransportResponse r = Exchanges.await(env.transport().exchange(get(env.url("/gzip"))));
        assertThat(r.headers().firstOrNull("Content-Encoding")).as("Content-Encoding").isEqualTo("gzip");
        assertThat(r.body()).as("raw gzip bytes").startsWith((byte) 0x1f, (byte) 0x8b);
        assertThat(gunzip(r.body()).get("gzipped").asBoolean()).as("gzipped flag").isTrue();
    }

    @Test
    void requestWithoutAcceptEncodingGetsNoneAddedAndItsBodyRaw() throws IOException {
        TransportResponse r = Exchanges.await(env.transport().exchange(
                Fixture.request("GET", env.url("/gzip"), Headers.empty(), null, false)));
        assertThat(r.headers().all("Content-Encoding")).as("Content-Encoding, kept from OkHttp's bridge")
                .containsExactly("gzip");
        assertThat(r.headers().contains(ExchangeInterceptors.HIDDEN_ENCODING)).as("internal header left").isFalse();
        assertThat(r.body()).as("raw gzip bytes, not decoded by OkHttp").startsWith((byte) 0x1f, (byte) 0x8b);
        JsonNode echo = gunzip(r.body());
        assertThat(echo.path("headers").has("Accept-Encoding")).as("Accept-Encoding on the wire: %s", echo.path("headers"))
                .isFalse();
    }

    @Test
    void redirectIsReturnedNotFollowed() {
        TransportResponse r = Exchanges.await(env.transport().exchange(get(env.url("/redirect/2"))));
        assertThat(r.status()).as("status").isEqualTo(302);
        assertThat(r.headers().firstOrNull("Location")).as("Location").endsWith("redirect/1");
        assertThat(env.server().stats().requestsReceived()).as("requests the server received").isEqualTo(1);
    }

    @Test
    void cookiesAreNeitherStoredNorSent() {
        TransportResponse set = Exchanges.await(env.transport().exchange(get(env.url("/cookies/set?kit=1"))));
        assertThat(set.headers().firstOrNull("Set-Cookie")).as("Set-Cookie received").startsWith("kit=1");
        TransportResponse echo = Exchanges.await(env.transport().exchange(get(env.url("/cookies"))));
        assertThat(json(echo.body()).path("cookies").size()).as("cookies sent by the transport").isZero();
    }

    @Test
    void aConnectionFailureIsNotRetried() {
        assertThat(Exchanges.failureType(env.transport().exchange(get(env.url("/fault/reset-before-headers")))))
                .isEqualTo(ErrorType.CONNECTION_RESET);
        assertThat(env.server().stats().requestsReceived()).as("requests the server received").isEqualTo(1);
        assertThat(env.server().stats().connectionsAccepted()).as("connections opened").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "POST"})
    void a503WithRetryAfterZeroIsReturnedNotRepeated(String method) {
        String key = "retry-after-zero-" + method;
        TransportResponse r = Exchanges.await(env.transport().exchange(Fixture.request(method,
                env.url("/salvo/flaky/" + key + "?fail=1&status=503&retry-after=0"), Headers.empty(),
                method.equals("POST") ? Body.text("once") : null, false)));
        assertThat(r.status()).as("status").isEqualTo(503);
        assertThat(r.headers().firstOrNull("Retry-After")).as("Retry-After, as the server sent it").isEqualTo("0");
        assertThat(env.server().stats().arrivals(key)).as("%s requests the server received", method).hasSize(1);
    }

    @Test
    void http11OnlyUnlessHttp2IsAskedFor() {
        assertThat(env.transport().client().protocols()).containsExactly(Protocol.HTTP_1_1);
        TransportConfig c = Fixture.config();
        TransportConfig h2 = new TransportConfig(c.connectTimeout(), c.readTimeout(), c.maxConnections(),
                c.maxConnectionsPerHost(), c.maxIdleConnections(), c.idleTimeout(), c.tls(), HttpVersion.HTTP_2, 0);
        try (OkHttpTransport t = Fixture.transport(h2)) {
            assertThat(t.client().protocols()).containsExactly(Protocol.HTTP_2, Protocol.HTTP_1_1);
        }
    }

    private static JsonNode gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return JSON.readTree(in.readAllBytes());
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
