package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salvo.Body;
import dev.salvo.Multipart;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Contract items 1 and 2: every method, every kind of body, and a request value sent twice. */
public interface MethodsAndBodiesTests extends KitContext {

    @Test
    default void getIsEchoedWithItsMethod() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/get")));
        assertThat(r.status()).as("status").isEqualTo(200);
        assertThat(kit().json(r).get("url").asText()).as("echoed url").endsWith("/get");
    }

    @Test
    default void postPutPatchDeleteReachTheirEndpoints() {
        Salvo client = kit().client();
        Body body = Body.text("payload");
        assertThat(kit().json(client.execute(Request.post(kit().httpbin("/post"), body))).get("data").asText())
                .as("POST data").isEqualTo("payload");
        assertThat(kit().json(client.execute(Request.put(kit().httpbin("/put"), body))).get("data").asText())
                .as("PUT data").isEqualTo("payload");
        assertThat(kit().json(client.execute(Request.patch(kit().httpbin("/patch"), body))).get("data").asText())
                .as("PATCH data").isEqualTo("payload");
        assertThat(client.execute(Request.delete(kit().httpbin("/delete"))).status()).as("DELETE status").isEqualTo(200);
    }

    @Test
    default void headHasHeadersButNoBody() {
        Response r = kit().client().execute(Request.head(kit().httpbin("/get")));
        assertThat(r.status()).as("status").isEqualTo(200);
        assertThat(r.body()).as("HEAD body").isEmpty();
        assertThat(r.header("Content-Type")).as("Content-Type of HEAD /get").contains("json");
    }

    @Test
    default void optionsReturnsAllow() {
        Response r = kit().client().execute(Request.options(kit().httpbin("/get")));
        assertThat(r.status()).as("status").isEqualTo(200);
        assertThat(r.header("Allow")).as("Allow").contains("GET");
    }

    @Test
    default void customMethodTokenIsSentAsIs() {
        Response r = kit().client().execute(Request.builder("PROPFIND", kit().httpbin("/anything")).build());
        assertThat(kit().json(r).get("method").asText()).as("echoed method").isEqualTo("PROPFIND");
    }

    @Test
    default void bytesBodyArrivesIntact() {
        byte[] bytes = new byte[100_000];
        new Random(1).nextBytes(bytes);
        Response r = kit().client().execute(Request.post(kit().url("/salvo/digest"),
                Body.of(bytes, "application/octet-stream")));
        JsonNode d = kit().json(r);
        assertThat(d.get("length").asLong()).as("length the server received").isEqualTo(bytes.length);
        assertThat(d.get("sha256").asText()).as("sha256 the server computed").isEqualTo(sha256(bytes));
        assertThat(d.get("chunked").asBoolean()).as("sent chunked although the length is known").isFalse();
    }

    @Test
    default void textBodyIsEncodedInItsCharset() {
        String text = "Grüße, café";
        Response r = kit().client().execute(Request.post(kit().httpbin("/post"),
                Body.text(text, StandardCharsets.ISO_8859_1)));
        JsonNode echo = kit().json(r);
        assertThat(Kit.echoedHeader(echo, "Content-Type")).as("Content-Type").containsIgnoringCase("charset=ISO-8859-1");
        // ISO-8859-1 bytes are not UTF-8, so httpbin echoes them as a base64 data URL
        String data = echo.get("data").asText();
        assertThat(data).as("echoed data").startsWith("data:application/octet-stream;base64,");
        byte[] received = Base64.getDecoder().decode(data.substring(data.indexOf(',') + 1));
        assertThat(received).as("bytes the server received").isEqualTo(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    default void urlencodedFormArrivesAsForm() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "Ada Lovelace");
        fields.put("expr", "a&b=c");
        fields.put("unicode", "ünï");
        Response r = kit().client().execute(Request.post(kit().httpbin("/post"), Body.form(fields)));
        JsonNode form = kit().json(r).get("form");
        fields.forEach((k, v) -> assertThat(form.path(k).asText()).as("form field %s", k).isEqualTo(v));
    }

    @Test
    default void jsonBodyArrivesAsJson() {
        Response r = kit().client().execute(Request.builder(kit().httpbin("/anything"))
                .method("POST").json("{\"a\": [1, 2], \"b\": \"ü\"}").build());
        JsonNode echo = kit().json(r);
        assertThat(Kit.echoedHeader(echo, "Content-Type")).as("Content-Type").startsWith("application/json");
        assertThat(echo.get("json").get("a").get(1).asInt()).as("json.a[1]").isEqualTo(2);
        assertThat(echo.get("json").get("b").asText()).as("json.b").isEqualTo("ü");
    }

    @Test
    default void fileBodyIsStreamedWithContentLength() throws IOException {
        Path file = Files.createTempFile("salvo-kit-", ".bin");
        try {
            byte[] chunk = new byte[64 * 1024];
            Random random = new Random(2);
            MessageDigest sha = sha256();
            long size = 4L * 1024 * 1024 + 123;
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long left = size; left > 0; ) {
                    random.nextBytes(chunk);
                    int n = (int) Math.min(left, chunk.length);
                    out.write(chunk, 0, n);
                    sha.update(chunk, 0, n);
                    left -= n;
                }
            }
            Response r = kit().client().execute(Request.post(kit().url("/salvo/digest"), Body.file(file)));
            JsonNode d = kit().json(r);
            assertThat(d.get("length").asLong()).as("bytes the server received").isEqualTo(size);
            assertThat(d.get("sha256").asText()).as("sha256").isEqualTo(HexFormat.of().formatHex(sha.digest()));
            assertThat(d.get("chunked").asBoolean()).as("chunked (the file's length is known)").isFalse();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    default void multipartCarriesFieldsAndFiles() throws IOException {
        Path file = Files.createTempFile("salvo-kit-", ".txt");
        try {
            Files.writeString(file, "file content, line 1\nline 2\n");
            Body body = Body.multipart(Multipart.Part.field("title", "Report ü"),
                    Multipart.Part.file("upload", file, "text/plain"),
                    Multipart.Part.bytes("inline", "inline.txt", "in memory".getBytes(StandardCharsets.UTF_8), "text/plain"));
            JsonNode echo = kit().json(kit().client().execute(Request.post(kit().httpbin("/post"), body)));
            assertThat(echo.get("form").path("title").asText()).as("form.title").isEqualTo("Report ü");
            assertThat(echo.get("files").path("upload").asText()).as("files.upload").isEqualTo("file content, line 1\nline 2\n");
            assertThat(echo.get("files").path("inline").asText()).as("files.inline").isEqualTo("in memory");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    default void streamOfUnknownLengthIsSentChunked() {
        byte[] bytes = new byte[300_000];
        new Random(3).nextBytes(bytes);
        Body body = Body.stream(() -> new ByteArrayInputStream(bytes), "application/octet-stream");
        JsonNode d = kit().json(kit().client().execute(Request.post(kit().url("/salvo/digest"), body)));
        assertThat(d.get("chunked").asBoolean()).as("chunked").isTrue();
        assertThat(d.get("length").asLong()).as("length received").isEqualTo(bytes.length);
        assertThat(d.get("sha256").asText()).as("sha256").isEqualTo(sha256(bytes));
    }

    @Test
    default void oneRequestSentTwiceGivesIdenticalEchoes() {
        byte[] bytes = "the same body, twice".getBytes(StandardCharsets.UTF_8);
        Request request = Request.builder(kit().httpbin("/anything")).method("PUT")
                .param("q", "1").header("X-Kit", "twice")
                .body(Body.stream(() -> new ByteArrayInputStream(bytes), "text/plain")).build();
        Salvo client = kit().client();
        JsonNode first = kit().json(client.execute(request));
        JsonNode second = kit().json(client.execute(request));
        assertThat(first.get("data").asText()).as("first echo's data").isEqualTo("the same body, twice");
        assertThat(second).as("second echo of the same Request value").isEqualTo(first);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
