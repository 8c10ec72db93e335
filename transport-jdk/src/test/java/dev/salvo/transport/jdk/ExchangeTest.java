package dev.salvo.transport.jdk;

import static dev.salvo.conformance.support.Exchanges.await;
import static dev.salvo.conformance.support.Exchanges.connectionId;
import static dev.salvo.conformance.support.Exchanges.failureType;
import static dev.salvo.conformance.support.Exchanges.json;
import static dev.salvo.conformance.support.RequestBuilder.get;
import static dev.salvo.conformance.support.RequestBuilder.request;
import static dev.salvo.transport.jdk.Support.echoedHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.conformance.support.Configs;
import dev.salvo.spi.Capability;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Requests and responses through the SPI: methods, bodies, headers, buffering, streaming, reuse. */
class ExchangeTest {
    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport(s -> Configs.config(Configs.trusting(s.certificates())));

    @Test
    void declaresCapabilities() {
        // RELEASE_ON_CLOSE only where the HttpClient can be shut down (Java 21+)
        Capability[] expected = Runtime.version().feature() >= 21
                ? new Capability[] {Capability.HTTP2, Capability.RELEASE_ON_CLOSE} : new Capability[] {Capability.HTTP2};
        assertThat(env.transport().capabilities()).containsExactlyInAnyOrder(expected)
                .doesNotContain(Capability.REASON_PHRASE, Capability.HOST_OVERRIDE);
    }

    @Test
    void buffersAResponse() {
        TransportResponse r = await(env.transport().exchange(get(env.url("/get?a=1&b=x%20y")).header("X-Test", "one").build()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.reason()).isNull();
        assertThat(r.isStreaming()).isFalse();
        assertThat(r.headers().firstOrNull("content-type")).startsWith("application/json");
        JsonNode body = json(r);
        assertThat(body.path("args").path("a").asText()).isEqualTo("1");
        assertThat(body.path("args").path("b").asText()).isEqualTo("x y");
        assertThat(echoedHeader(r, "X-Test")).isEqualTo("one");
        assertThat(echoedHeader(r, "Accept-Encoding")).as("no Accept-Encoding added").isNull();
    }

    @Test
    void anyStatusIsAResponse() {
        TransportResponse r = await(env.transport().exchange(get(env.url("/status/418")).build()));
        assertThat(r.status()).isEqualTo(418);
        TransportResponse r2 = await(env.transport().exchange(get(env.url("/status/503")).build()));
        assertThat(r2.status()).isEqualTo(503);
    }

    @Test
    void redirectsAreNotFollowed() {
        TransportResponse r = await(env.transport().exchange(get(env.url("/redirect/2")).build()));
        assertThat(r.status()).isBetween(300, 399);
        assertThat(r.headers().firstOrNull("Location")).isNotBlank();
    }

    @Test
    void compressedBodiesStayRaw() {
        TransportResponse r = await(env.transport().exchange(get(env.url("/gzip")).header("Accept-Encoding", "gzip").build()));
        assertThat(r.headers().firstOrNull("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.body()[0] & 0xff).isEqualTo(0x1f);
        assertThat(r.body()[1] & 0xff).isEqualTo(0x8b);
    }

    @Test
    void headRequestWithLargeContentLengthIsNotCapped() {
        TransportResponse r = await(env.transport().exchange(request("HEAD", env.url("/bytes/5000")).cap(10).build()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void sendsBytesWithContentLength() {
        byte[] payload = "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8);
        TransportResponse r = await(env.transport().exchange(request("POST", env.url("/post")).body(Body.json("{\"k\":\"v\"}")).build()));

        JsonNode body = json(r);
        assertThat(body.path("json").path("k").asText()).isEqualTo("v");
        assertThat(echoedHeader(r, "Content-Length")).isEqualTo(String.valueOf(payload.length));
        assertThat(echoedHeader(r, "Content-Type")).isEqualTo("application/json");
        assertThat(echoedHeader(r, "Transfer-Encoding")).isNull();
    }

    @Test
    void sendsAnEmptyBody() {
        TransportResponse r = await(env.transport().exchange(request("POST", env.url("/post")).body(Body.of(new byte[0])).build()));
        assertThat(echoedHeader(r, "Content-Length")).isEqualTo("0");
        assertThat(json(r).path("data").asText()).isEmpty();
    }

    @Test
    void streamsAFileWithContentLength(@TempDir Path dir) throws IOException {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + (content[i] & 0x0f)); // printable, so the echo's "data" is comparable
        }
        Path file = dir.resolve("upload.txt");
        Files.write(file, content);

        TransportResponse r = await(env.transport().exchange(request("PUT", env.url("/anything")).body(Body.file(file, "text/plain")).build()));

        JsonNode body = json(r);
        assertThat(echoedHeader(r, "Content-Length")).isEqualTo(String.valueOf(content.length));
        assertThat(echoedHeader(r, "Transfer-Encoding")).isNull();
        assertThat(body.path("data").asText()).isEqualTo(new String(content, StandardCharsets.US_ASCII));
    }

    @Test
    void sendsMultipartWithAFilePart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "file content");
        Body body = Body.multipart(dev.salvo.Multipart.Part.field("name", "salvo"),
                dev.salvo.Multipart.Part.file("upload", file, "text/plain"));

        TransportResponse r = await(env.transport().exchange(request("POST", env.url("/post")).body(body).build()));

        JsonNode echo = json(r);
        assertThat(echo.path("form").path("name").asText()).isEqualTo("salvo");
        assertThat(echo.path("files").path("upload").asText()).isEqualTo("file content");
        if (body.contentLength() >= 0) {
            assertThat(echoedHeader(r, "Content-Length")).isEqualTo(String.valueOf(body.contentLength()));
        }
    }

    @Test
    void sendsAStreamOfUnknownLengthChunked() {
        byte[] content = new byte[100_000];
        Arrays.fill(content, (byte) 'z');
        Body body = Body.stream(() -> new ByteArrayInputStream(content), "text/plain");

        TransportResponse r = await(env.transport().exchange(request("POST", env.url("/anything")).body(body).build()));

        assertThat(echoedHeader(r, "Transfer-Encoding")).isEqualToIgnoringCase("chunked");
        assertThat(echoedHeader(r, "Content-Length")).isNull();
        assertThat(json(r).path("data").asText()).hasSize(content.length);
    }

    @Test
    void aBodyThatCannotBeOpenedFailsWithRequestBody() {
        Body broken = Body.stream(() -> {
            throw new IllegalStateException("no stream today");
        }, "text/plain");
        assertThat(failureType(env.transport().exchange(request("POST", env.url("/post")).body(broken).build())))
                .isEqualTo(ErrorType.REQUEST_BODY);
    }

    @Test
    void aBodyThatFailsWhileReadFailsWithRequestBody() {
        Body failing = Body.stream(() -> new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ < 10_000) {
                    return 'x';
                }
                throw new IOException("disk on fire");
            }
        }, "text/plain");
        assertThat(failureType(env.transport().exchange(request("POST", env.url("/post")).body(failing).build())))
                .isEqualTo(ErrorType.REQUEST_BODY);
    }

    @Test
    void aDeletedFileFailsWithRequestBody(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("gone.bin");
        Files.write(file, new byte[10]);
        Body body = Body.file(file);
        Files.delete(file);
        assertThat(failureType(env.transport().exchange(request("POST", env.url("/post")).body(body).build())))
                .isEqualTo(ErrorType.REQUEST_BODY);
    }

    @Test
    void restrictedHeadersDoNotThrow() {
        TransportResponse r = await(env.transport().exchange(request("POST", env.url("/anything"))
                .header("Connection", "close")
                .header("Content-Length", "999")
                .header("Host", "example.invalid")
                .header("Upgrade", "h2c")
                .header("TE", "trailers")
                .header("Keep-Alive", "timeout=5")
                .header("Expect", "100-continue")
                .header("X-Kept", "yes")
                .body(Body.text("hello"))
                .build()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(echoedHeader(r, "X-Kept")).isEqualTo("yes");
        assertThat(echoedHeader(r, "Content-Length")).isEqualTo("5");
        assertThat(echoedHeader(r, "Host")).isEqualTo(env.server().httpUrl().getAuthority());
        assertThat(echoedHeader(r, "Upgrade")).isNull();
        assertThat(echoedHeader(r, "TE")).isNull();
        assertThat(echoedHeader(r, "Keep-Alive")).isNull();
        assertThat(echoedHeader(r, "Expect")).isEqualToIgnoringCase("100-continue");
        assertThat(json(r).path("data").asText()).isEqualTo("hello");
    }

    /**
     * The JDK client asks the body publisher for its length when it writes the request head, which
     * is how the transport knows connecting is over; a request without a body gets an empty
     * publisher for it, and so says Content-Length: 0 (as JDK 17.0.15 and earlier do for every GET).
     */
    @Test
    void aRequestWithoutABodySaysContentLengthZero() {
        for (String method : new String[] {"GET", "DELETE"}) {
            TransportResponse r = await(env.transport().exchange(request(method, env.url("/anything")).build()));
            assertThat(echoedHeader(r, "Content-Length")).as(method).isEqualTo("0");
            assertThat(echoedHeader(r, "Transfer-Encoding")).as(method).isNull();
        }
    }

    @Test
    void reusesKeptAliveConnections() {
        String first = connectionId(await(env.transport().exchange(get(env.url("/get")).build())));
        for (int i = 0; i < 5; i++) {
            assertThat(connectionId(await(env.transport().exchange(get(env.url("/bytes/100")).build())))).isEqualTo(first);
        }
    }

    @Test
    void streamsAResponseAndReleasesTheConnectionAtItsEnd() throws IOException {
        TransportResponse r = await(env.transport().exchange(get(env.url("/bytes/200000")).streaming().build()));
        assertThat(r.isStreaming()).isTrue();
        assertThat(r.body()).isNull();
        String id = connectionId(r);
        byte[] all;
        try (InputStream in = r.stream()) {
            all = in.readAllBytes();
        }
        assertThat(all).hasSize(200_000);
        assertThat(connectionId(await(env.transport().exchange(get(env.url("/get")).build())))).isEqualTo(id);
    }

    @Test
    void streamsAChunkedResponse() throws IOException {
        TransportResponse r = await(env.transport().exchange(get(env.url("/stream/20")).streaming().build()));
        String text;
        try (InputStream in = r.stream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text.lines()).hasSize(20);
    }

    @Test
    void completesOnItsOwnThreadsNeverTheCommonPool() throws Exception {
        String pattern = "salvo-jdk-\\d+|salvo-jdk-send-\\d+|HttpClient-\\d+-SelectorManager";
        String ok = env.transport().exchange(get(env.url("/salvo/hold/200")).build())
                .thenApply(r -> Thread.currentThread().getName()).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ok).matches(pattern);
        String streamed = env.transport().exchange(get(env.url("/salvo/hold/200")).streaming().build())
                .thenApply(r -> {
                    String name = Thread.currentThread().getName();
                    try {
                        r.stream().close();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return name;
                }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(streamed).matches(pattern);
        String failed = env.transport().exchange(get(env.url("/fault/reset-before-headers")).build())
                .handle((r, t) -> Thread.currentThread().getName()).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(failed).matches(pattern);
    }

    @Test
    void http2WhenAskedFallsBackToHttp11WithThisServer() {
        dev.salvo.spi.TransportConfig base = Configs.config(Configs.trusting(env.server().certificates()));
        dev.salvo.spi.TransportConfig h2 = new dev.salvo.spi.TransportConfig(base.connectTimeout(), base.readTimeout(),
                base.maxConnections(), base.maxConnectionsPerHost(), base.maxIdleConnections(), base.idleTimeout(),
                base.tls(), dev.salvo.spi.HttpVersion.HTTP_2, 1);
        try (JdkTransport t = Support.transport(h2)) {
            assertThat(await(t.exchange(get(env.server().httpsUrl().resolve("/get")).build())).status()).isEqualTo(200);
            assertThat(await(t.exchange(get(env.url("/get")).build())).status()).isEqualTo(200);
        }
    }

    @Test
    void httpsWithACustomCa() {
        TransportResponse r = await(env.transport().exchange(get(env.server().httpsUrl().resolve("/get")).build()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r).path("url").asText()).startsWith("https://");
    }

    @Test
    void clientCertificateIsPresented() {
        try (JdkTransport mutual = Support.transport(Configs.config(Configs.clientAuth(env.server().certificates())))) {
            TransportResponse r = await(mutual.exchange(get(env.server().httpsClientAuthUrl().resolve("/get")).build()));
            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test
    void hostnameIsVerifiedUnlessTurnedOff() {
        URI wrongHost = env.server().httpsWrongHostUrl().resolve("/get");
        assertThat(failureType(env.transport().exchange(get(wrongHost).build()))).isEqualTo(ErrorType.TLS);

        try (JdkTransport insecure = Support.transport(Configs.config(Configs.insecure()))) {
            assertThat(await(insecure.exchange(get(wrongHost).build())).status()).isEqualTo(200);
        }
        try (JdkTransport noHostCheck = Support.transport(Configs.config(
                Configs.trustingWithoutHostnameCheck(env.server().certificates())))) {
            assertThat(await(noHostCheck.exchange(get(wrongHost).build())).status()).isEqualTo(200);
        }
    }
}
