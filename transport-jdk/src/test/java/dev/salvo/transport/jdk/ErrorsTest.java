package dev.salvo.transport.jdk;

import static dev.salvo.conformance.support.Exchanges.await;
import static dev.salvo.conformance.support.Exchanges.failure;
import static dev.salvo.conformance.support.Exchanges.failureType;
import static dev.salvo.conformance.support.RequestBuilder.get;
import static dev.salvo.conformance.support.RequestBuilder.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Configs;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each fault of the test server, each timeout and the body cap, as the documented {@link ErrorType}. */
class ErrorsTest {
    private static final Duration SHORT = Duration.ofMillis(400);

    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport(s -> Configs.config(Configs.trusting(s.certificates())));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/fault/reset-before-headers, CONNECTION_RESET",
            "/fault/reset-mid-body, PROTOCOL",
            "/fault/truncated-body, PROTOCOL",
            "/fault/bad-chunk, PROTOCOL",
            "/fault/bad-status-line, PROTOCOL",
            "/fault/huge-headers?size=1048576, PROTOCOL",
    })
    void faultsMapToTheirErrorType(String path, ErrorType expected) {
        SalvoException e = failure(env.transport().exchange(get(env.url(path)).build()));
        assertThat(e.type()).as("%s", e).isEqualTo(expected);
        assertThat(e.getMessage()).contains(path.replaceFirst("\\?.*", ""));
    }

    @Test
    void faultsWhileStreamingAreIOExceptionsCausedByTheirType() {
        for (String path : List.of("/fault/truncated-body", "/fault/reset-mid-body", "/fault/bad-chunk")) {
            TransportResponse r = await(env.transport().exchange(get(env.url(path)).streaming().build()));
            assertThatThrownBy(() -> {
                try (InputStream in = r.stream()) {
                    in.readAllBytes();
                }
            }).as(path).isInstanceOf(IOException.class)
                    .cause().isInstanceOf(SalvoException.class)
                    .extracting(c -> ((SalvoException) c).type()).isEqualTo(ErrorType.PROTOCOL);
        }
    }

    @Test
    void connectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(failureType(env.transport().exchange(get(URI.create("http://127.0.0.1:" + port + "/get")).build())))
                .isEqualTo(ErrorType.CONNECT_REFUSED);
    }

    @Test
    void unknownHost() {
        // the test JVM resolves names from src/test/resources/hosts only (jdk.net.hosts.file): no DNS traffic
        assertThat(failureType(env.transport().exchange(get(URI.create("http://no-such-host.invalid/get")).build())))
                .isEqualTo(ErrorType.UNKNOWN_HOST);
    }

    @Test
    void untrustedCertificateIsATlsError() {
        try (JdkTransport jvmTrust = Support.transport(Configs.config())) {
            assertThat(failureType(jvmTrust.exchange(get(env.server().httpsUrl().resolve("/get")).build())))
                    .isEqualTo(ErrorType.TLS);
        }
    }

    @Test
    void missingClientCertificateIsATlsError() {
        SalvoException e = failure(env.transport().exchange(get(env.server().httpsClientAuthUrl().resolve("/get")).build()));
        assertThat(e.type()).as("%s", e).isEqualTo(ErrorType.TLS);
    }

    @Test
    void connectTimeoutFromConfigAndPerRequest() throws IOException {
        try (Backlogged full = new Backlogged()) {
            try (JdkTransport quick = Support.transport(Configs.config(c -> c.tls(Configs.jvmDefaultTls())
                    .connectTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofSeconds(10))))) {
                SalvoException e = failure(quick.exchange(get(full.uri()).connectTimeout(Duration.ofMillis(300)).build()));
                assertThat(e.type()).as("%s", e).isEqualTo(ErrorType.CONNECT_TIMEOUT);
            }
            // the shared env.transport() is configured with 5 s; this request asks for 300 ms
            long start = System.nanoTime();
            SalvoException e = failure(env.transport().exchange(get(full.uri()).connectTimeout(Duration.ofMillis(300)).build()));
            assertThat(e.type()).as("%s", e).isEqualTo(ErrorType.CONNECT_TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void readTimeoutWaitingForTheHead() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/delay/3")).readTimeout(SHORT).build()));
        assertThat(e.type()).as("%s", e).isEqualTo(ErrorType.READ_TIMEOUT);
    }

    @Test
    void readTimeoutWaitingForTheHeadAfterSendingABody() {
        SalvoException e = failure(env.transport().exchange(request("POST", env.url("/delay/3")).body(Body.text("x"))
                .readTimeout(SHORT).build()));
        assertThat(e.type()).as("%s", e).isEqualTo(ErrorType.READ_TIMEOUT);
    }

    @Test
    void readTimeoutBetweenBodyBytes() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/fault/slow-body?bytes=5&interval_ms=2000"))
                .readTimeout(SHORT).build()));
        assertThat(e.type()).as("%s", e).isEqualTo(ErrorType.READ_TIMEOUT);
    }

    @Test
    void readTimeoutIsIdleTimeNotTotalTime() {
        // 12 bytes, one every 60 ms: about 720 ms in all, never 400 ms without a byte
        TransportResponse r = await(env.transport().exchange(get(env.url("/fault/slow-body?bytes=12&interval_ms=60"))
                .readTimeout(SHORT).build()));
        assertThat(r.body()).hasSize(12);
    }

    @Test
    void readTimeoutOfABlockedStreamingRead() {
        TransportResponse r = await(env.transport().exchange(get(env.url("/fault/slow-body?bytes=5&interval_ms=2000"))
                .readTimeout(SHORT).streaming().build()));
        assertThatThrownBy(() -> {
            try (InputStream in = r.stream()) {
                in.read();
            }
        }).isInstanceOf(IOException.class)
                .cause().isInstanceOf(SalvoException.class)
                .extracting(c -> ((SalvoException) c).type()).isEqualTo(ErrorType.READ_TIMEOUT);
    }

    @Test
    void neverRespondingServerTimesOut() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/fault/never-responds")).readTimeout(SHORT).build()));
        assertThat(e.type()).isEqualTo(ErrorType.READ_TIMEOUT);
    }

    @Test
    void bodyCapFromContentLength() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/bytes/5000")).cap(1000).build()));
        assertThat(e.type()).isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(await(env.transport().exchange(get(env.url("/bytes/1000")).cap(1000).build())).body()).hasSize(1000);
    }

    @Test
    void bodyCapOnAChunkedBody() {
        SalvoException e = failure(env.transport().exchange(get(env.url("/stream/100")).cap(2000).build()));
        assertThat(e.type()).isEqualTo(ErrorType.BODY_TOO_LARGE);
    }

    @Test
    void bodyCapClosesAnEndlessBody() {
        int before = env.server().stats().openConnections();
        SalvoException e = failure(env.transport().exchange(get(env.url("/fault/endless-body")).cap(1 << 20).build()));
        assertThat(e.type()).isEqualTo(ErrorType.BODY_TOO_LARGE);
        await().atMost(Duration.ofSeconds(5)).until(() -> env.server().stats().openConnections() <= before);
    }

    @Test
    void invalidRequestForTheJdkClient() {
        assertThat(failureType(env.transport().exchange(get(URI.create("ftp://127.0.0.1/x")).build())))
                .isEqualTo(ErrorType.INVALID_REQUEST);
    }
}
