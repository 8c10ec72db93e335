package dev.salvo.transport.netty;

import static dev.salvo.conformance.support.Exchanges.failure;
import static dev.salvo.conformance.support.Exchanges.json;
import static dev.salvo.conformance.support.RequestBuilder.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.Multipart;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RequestBuilder;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies: files (plain and TLS), unknown-length streams read off the event loop, multipart, failures. */
class RequestBodiesTest {

    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport(s -> Configs.config(c -> c.ioThreads(1)
            .tls(Configs.trusting(s.certificates()))));

    @TempDir
    Path dir;

    @Test
    void fileIsStreamedWithContentLengthOverPlainHttp() throws Exception {
        Path file = randomFile(3 * 1024 * 1024 + 5);
        JsonNode d = json(Exchanges.await(env.transport().exchange(request("POST", env.url("/salvo/digest"))
                .body(Body.file(file)).build())));
        assertThat(d.get("length").asLong()).as("length received").isEqualTo(Files.size(file));
        assertThat(d.get("sha256").asText()).as("sha256").isEqualTo(sha256(Files.readAllBytes(file)));
        assertThat(d.get("chunked").asBoolean()).as("chunked").isFalse();
    }

    @Test
    void fileIsStreamedWithContentLengthOverTls() throws Exception {
        Path file = randomFile(2 * 1024 * 1024 + 7);
        JsonNode d = json(Exchanges.await(env.transport().exchange(request("POST",
                env.server().httpsUrl().resolve("/salvo/digest")).body(Body.file(file)).build())));
        assertThat(d.get("length").asLong()).as("length received over TLS").isEqualTo(Files.size(file));
        assertThat(d.get("sha256").asText()).as("sha256").isEqualTo(sha256(Files.readAllBytes(file)));
        assertThat(d.get("chunked").asBoolean()).as("chunked").isFalse();
    }

    @Test
    void unknownLengthStreamIsSentChunkedAndReadOnBodyThreads() {
        byte[] bytes = new byte[1_000_000];
        new Random(5).nextBytes(bytes);
        Set<String> readers = ConcurrentHashMap.newKeySet();
        Body body = Body.stream(() -> new Recording(new java.io.ByteArrayInputStream(bytes), readers), "application/octet-stream");
        JsonNode d = json(Exchanges.await(env.transport().exchange(request("POST", env.url("/salvo/digest")).body(body).build())));
        assertThat(d.get("chunked").asBoolean()).as("chunked").isTrue();
        assertThat(d.get("length").asLong()).as("length received").isEqualTo(bytes.length);
        assertThat(d.get("sha256").asText()).as("sha256").isEqualTo(sha256(bytes));
        assertThat(readers).as("threads that read the user's stream").isNotEmpty()
                .allSatisfy(n -> assertThat(n).matches("salvo-netty-\\d+-body-\\d+"));
    }

    @Test
    void aBlockingBodyStreamDoesNotHoldUpTheEventLoop() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Body blocking = Body.stream(() -> new InputStream() {
            private boolean done;

            @Override
            public int read() throws IOException {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                if (done) {
                    return -1;
                }
                done = true;
                return 'x';
            }
        }, "text/plain");
        CompletableFuture<TransportResponse> stuck = env.transport().exchange(request("POST", env.url("/salvo/digest")).body(blocking).build());
        // one event loop only: a GET completing now proves the loop is free while the stream blocks
        TransportResponse other = Exchanges.await(env.transport().exchange(RequestBuilder.get(env.url("/get")).build()));
        assertThat(other.status()).as("status of a request while a body stream blocks").isEqualTo(200);
        assertThat(stuck).as("the blocked upload").isNotDone();
        release.countDown();
        assertThat(json(Exchanges.await(stuck)).get("length").asInt()).as("length of the released upload").isEqualTo(1);
    }

    @Test
    void multipartIsSentWithItsLength() throws Exception {
        Path file = dir.resolve("part.txt");
        Files.writeString(file, "file part\n");
        Body body = Body.multipart(Multipart.Part.field("title", "T"), Multipart.Part.file("upload", file, "text/plain"));
        TransportResponse r = Exchanges.await(env.transport().exchange(request("POST", env.url("/post")).body(body).build()));
        JsonNode echo = json(r);
        assertThat(echo.get("form").path("title").asText()).as("form.title").isEqualTo("T");
        assertThat(echo.get("files").path("upload").asText()).as("files.upload").isEqualTo("file part\n");
        assertThat(Long.parseLong(Exchanges.echoedHeader(echo, "Content-Length"))).as("Content-Length sent")
                .isEqualTo(body.contentLength());
    }

    @Test
    void failingBodyStreamIsRequestBodyAndFreesTheConnection() {
        Body failing = Body.stream(() -> new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ < 10) {
                    return 'a';
                }
                throw new IOException("the source broke");
            }
        }, "text/plain");
        assertThat(failure(env.transport().exchange(request("POST", env.url("/salvo/digest")).body(failing).build())).type())
                .as("error").isEqualTo(ErrorType.REQUEST_BODY);
        assertThat(failure(env.transport().exchange(request("POST", env.url("/salvo/digest"))
                .body(Body.stream(() -> null, "text/plain")).build())).type()).as("error of a null stream")
                .isEqualTo(ErrorType.REQUEST_BODY);
        await().atMost(Duration.ofSeconds(5)).until(() -> env.pool().acquired() == 0);
    }

    @Test
    void noBodyPostSendsZeroLengthAndNoAcceptEncoding() {
        JsonNode echo = json(Exchanges.await(env.transport().exchange(request("POST", env.url("/post")).build())));
        assertThat(Exchanges.echoedHeader(echo, "Content-Length")).as("Content-Length").isEqualTo("0");
        assertThat(Exchanges.echoedHeader(echo, "Accept-Encoding")).as("Accept-Encoding added by the transport").isNull();
        assertThat(Exchanges.echoedHeader(echo, "Host")).as("Host").isEqualTo(env.url("/").getAuthority());
    }

    private Path randomFile(int size) throws IOException {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        Path f = dir.resolve("body-" + size + ".bin");
        Files.write(f, b);
        return f;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the threads that read it. */
    private static final class Recording extends InputStream {
        private final InputStream in;
        private final Set<String> readers;

        Recording(InputStream in, Set<String> readers) {
            this.in = in;
            this.readers = readers;
        }

        @Override
        public int read() throws IOException {
            readers.add(Thread.currentThread().getName());
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            readers.add(Thread.currentThread().getName());
            return in.read(b, off, len);
        }
    }
}
