package dev.salvo.testserver;

import static dev.salvo.testserver.Support.get;
import static dev.salvo.testserver.Support.json;
import static dev.salvo.testserver.Support.request;
import static dev.salvo.testserver.Support.send;
import static dev.salvo.testserver.Support.sendBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EndpointsTest extends AgainstTestServer {
    private static HttpClient client;

    @BeforeAll
    static void startClient() {
        client = Support.client();
    }

    @Test
    void getEchoesArgsHeadersOriginAndUrl() {
        HttpResponse<String> r = send(client, request(base, "/get?a=1&a=2&b=x%20y")
                .header("X-Custom-Thing", "hello").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.headers().firstValue("X-Salvo-Connection")).isPresent();
        JsonNode j = json(r.body());
        assertThat(j.get("method").asText()).isEqualTo("GET");
        assertThat(j.get("url").asText()).isEqualTo(base + "/get?a=1&a=2&b=x%20y");
        assertThat(j.get("args").get("a")).hasSize(2);
        assertThat(j.get("args").get("a").get(1).asText()).isEqualTo("2");
        assertThat(j.get("args").get("b").asText()).isEqualTo("x y");
        assertThat(j.get("headers").get("X-Custom-Thing").asText()).isEqualTo("hello");
        assertThat(j.get("origin").asText()).isEqualTo("127.0.0.1");
        assertThat(j.get("json").isNull()).isTrue();
    }

    @Test
    void methodEndpointsEchoBodiesAndRejectOtherMethods() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            String path = "/" + method.toLowerCase();
            HttpResponse<String> r = send(client, request(base, path)
                    .header("Content-Type", "text/plain")
                    .method(method, BodyPublishers.ofString("payload of " + method)).build());
            assertThat(r.statusCode()).as(method).isEqualTo(200);
            JsonNode j = json(r.body());
            assertThat(j.get("method").asText()).isEqualTo(method);
            assertThat(j.get("data").asText()).isEqualTo("payload of " + method);
        }
        HttpResponse<String> wrong = send(client, request(base, "/post").GET().build());
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("allow")).hasValueSatisfying(v -> assertThat(v).contains("POST"));
        assertThat(send(client, request(base, "/get").DELETE().build()).statusCode()).isEqualTo(405);
    }

    @Test
    void anythingAcceptsAnyMethodAndSubPath() {
        HttpResponse<String> r = send(client, request(base, "/anything/foo/bar?q=1")
                .method("PROPFIND", BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = json(r.body());
        assertThat(j.get("method").asText()).isEqualTo("PROPFIND");
        assertThat(j.get("url").asText()).endsWith("/anything/foo/bar?q=1");
        assertThat(j.get("args").get("q").asText()).isEqualTo("1");
    }

    @Test
    void urlEncodedFormIsParsed() {
        HttpResponse<String> r = send(client, request(base, "/post")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("name=Jane+Doe&tag=a&tag=b&empty=")).build());
        JsonNode form = json(r.body()).get("form");
        assertThat(form.get("name").asText()).isEqualTo("Jane Doe");
        assertThat(form.get("tag")).hasSize(2);
        assertThat(form.get("empty").asText()).isEmpty();
        assertThat(json(r.body()).get("data").asText()).isEmpty();
    }

    @Test
    void multipartFieldsAndFilesAreParsed() {
        String boundary = "salvoBoundary7MA4YWxk";
        byte[] bigFile = "0123456789abcdef".repeat(8 * 1024).getBytes(StandardCharsets.US_ASCII); // 128 KiB
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"field\"\r\n\r\n"
                + "value 1\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "file content\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"big\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(bigFile);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = send(client, request(base, "/post")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.ofByteArray(body.toByteArray())).build());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = json(r.body());
        assertThat(j.get("form").get("field").asText()).isEqualTo("value 1");
        assertThat(j.get("files").get("upload").asText()).isEqualTo("file content");
        assertThat(j.get("files").get("big").asText()).isEqualTo(new String(bigFile, StandardCharsets.US_ASCII));
    }

    @Test
    void jsonBodyIsParsed() {
        HttpResponse<String> r = send(client, request(base, "/put")
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"a\":[1,2,{\"b\":null}],\"s\":\"\u00e9\"}")).build());
        JsonNode j = json(r.body());
        assertThat(j.get("json").get("a").get(1).asInt()).isEqualTo(2);
        assertThat(j.get("json").get("s").asText()).isEqualTo("\u00e9");
    }

    @Test
    void binaryBodyIsEchoedAsDataUrl() {
        byte[] bin = {(byte) 0xff, (byte) 0xfe, 0, 1};
        HttpResponse<String> r = send(client, request(base, "/post")
                .POST(BodyPublishers.ofByteArray(bin)).build());
        assertThat(json(r.body()).get("data").asText())
                .isEqualTo("data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(bin));
    }

    @Test
    void chunkedRequestBodiesAreAggregated() {
        byte[] payload = new byte[3 * 1024 * 1024 + 17];
        java.util.Arrays.fill(payload, (byte) 'z');
        // ofInputStream has no known length, so the client sends it chunked
        HttpResponse<String> r = send(client, request(base, "/post")
                .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(payload))).build());
        JsonNode j = json(r.body());
        assertThat(j.get("headers").toString().toLowerCase()).contains("\"transfer-encoding\":\"chunked\"");
        assertThat(j.get("data").asText()).hasSize(payload.length);
    }

    @Test
    void digestStreamsFixedLengthAndChunkedBodies() throws Exception {
        byte[] payload = new byte[5 * 1024 * 1024 + 3];
        new Random(7).nextBytes(payload);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));

        JsonNode fixed = json(send(client, request(base, "/salvo/digest")
                .PUT(BodyPublishers.ofByteArray(payload)).build()).body());
        assertThat(fixed.get("length").asLong()).isEqualTo(payload.length);
        assertThat(fixed.get("sha256").asText()).isEqualTo(expected);
        assertThat(fixed.get("chunked").asBoolean()).isFalse();

        JsonNode chunked = json(send(client, request(base, "/salvo/digest")
                .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(payload))).build()).body());
        assertThat(chunked.get("length").asLong()).isEqualTo(payload.length);
        assertThat(chunked.get("sha256").asText()).isEqualTo(expected);
        assertThat(chunked.get("chunked").asBoolean()).isTrue();
    }

    @Test
    void digestAcceptsBodiesLargerThanTheAggregationLimit() {
        long size = 80L * 1024 * 1024;
        HttpResponse<String> r = send(client, request(base, "/salvo/digest")
                .POST(BodyPublishers.fromPublisher(zeros(size), size)).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).get("length").asLong()).isEqualTo(size);
    }

    @Test
    void tooLargeBodyIsRejected() throws IOException {
        Support.RawResult r = Support.raw(base, "POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + (ServerContext.MAX_AGGREGATED_BODY + 1) + "\r\n\r\n", 5000);
        assertThat(r.text()).startsWith("HTTP/1.1 413 ");
        assertThat(r.eof() || r.reset()).isTrue();
    }

    @Test
    void tooLargeBodyFromARealClientGets413() {
        long size = ServerContext.MAX_AGGREGATED_BODY + 1024L * 1024;
        HttpResponse<String> r = send(client, request(base, "/post")
                .POST(BodyPublishers.fromPublisher(zeros(size), size)).build());
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void absoluteFormRequestTargetIsUnderstood() throws IOException {
        Support.RawResult r = Support.raw(base, "GET http://example.invalid/get?p=1 HTTP/1.1\r\n"
                + "Host: example.invalid\r\nConnection: close\r\n\r\n", 5000);
        assertThat(r.text()).startsWith("HTTP/1.1 200 ");
        JsonNode j = json(r.body());
        assertThat(j.get("url").asText()).isEqualTo("http://example.invalid/get?p=1");
        assertThat(j.get("args").get("p").asText()).isEqualTo("1");
    }

    @Test
    void statusCodes() {
        assertThat(get(client, base, "/status/204").statusCode()).isEqualTo(204);
        HttpResponse<String> teapot = get(client, base, "/status/418");
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.body()).isEmpty();
        HttpResponse<String> unauthorized = get(client, base, "/status/401");
        assertThat(unauthorized.headers().firstValue("www-authenticate")).isPresent();
        HttpResponse<String> moved = send(client, request(base, "/status/301").POST(BodyPublishers.noBody()).build());
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("location")).hasValue("/redirect/1");
        assertThat(get(client, base, "/status/abc").statusCode()).isEqualTo(400);
        assertThat(get(client, base, "/no/such/thing").statusCode()).isEqualTo(404);
    }

    @Test
    void redirectsChainToGet() {
        HttpClient following = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        for (String start : List.of("/redirect/3", "/relative-redirect/3", "/absolute-redirect/3")) {
            HttpResponse<String> r = get(following, base, start);
            assertThat(r.statusCode()).as(start).isEqualTo(200);
            assertThat(r.uri().getPath()).as(start).isEqualTo("/get");
            assertThat(r.previousResponse()).isPresent();
        }
        HttpResponse<String> first = get(client, base, "/redirect/2");
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("location")).hasValue("/relative-redirect/1");
        HttpResponse<String> abs = get(client, base, "/absolute-redirect/2");
        assertThat(abs.headers().firstValue("location")).hasValue(base + "/absolute-redirect/1");
        assertThat(get(client, base, "/relative-redirect/1").headers().firstValue("location")).hasValue("/get");
    }

    @Test
    void redirectToAnyUrlIncludingAnotherHost() {
        String target = server.httpUrlOtherHost() + "/get?from=redirect";
        HttpResponse<String> r = send(client, request(base, "/redirect-to?status_code=307&url="
                + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8)).PUT(BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(r.headers().firstValue("location")).hasValue(target);

        HttpClient following = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> followed = get(following, base, "/redirect-to?url="
                + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8));
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(json(followed.body()).get("headers").get("Host").asText())
                .isEqualTo("localhost:" + base.getPort());
    }

    @Test
    void otherHostReachesTheSameServer() {
        HttpResponse<String> r = get(client, server.httpUrlOtherHost(), "/get");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).get("url").asText()).startsWith("http://localhost:" + base.getPort() + "/get");
    }

    @Test
    void cookies() {
        HttpResponse<String> set = get(client, base, "/cookies/set?k1=v1&k2=v2");
        assertThat(set.statusCode()).isEqualTo(302);
        assertThat(set.headers().firstValue("location")).hasValue("/cookies");
        assertThat(set.headers().allValues("set-cookie")).containsExactly("k1=v1; Path=/", "k2=v2; Path=/");

        HttpResponse<String> setPath = get(client, base, "/cookies/set/name/value");
        assertThat(setPath.headers().allValues("set-cookie")).containsExactly("name=value; Path=/");

        HttpResponse<String> del = get(client, base, "/cookies/delete?k1");
        assertThat(del.statusCode()).isEqualTo(302);
        assertThat(del.headers().firstValue("set-cookie")).hasValueSatisfying(v ->
                assertThat(v).startsWith("k1=;").contains("Max-Age=0").contains("Path=/"));

        HttpResponse<String> list = send(client, request(base, "/cookies").header("Cookie", "a=1; b=two").build());
        assertThat(json(list.body()).get("cookies").get("a").asText()).isEqualTo("1");
        assertThat(json(list.body()).get("cookies").get("b").asText()).isEqualTo("two");

        java.net.CookieManager jar = new java.net.CookieManager();
        HttpClient withJar = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(jar)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> roundTrip = get(withJar, base, "/cookies/set?jar=yes");
        assertThat(json(roundTrip.body()).get("cookies").get("jar").asText()).isEqualTo("yes");
    }

    @Test
    void basicAuthAndBearer() {
        String good = "Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> ok = send(client, request(base, "/basic-auth/user/pass")
                .header("Authorization", good).build());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok.body()).get("authenticated").asBoolean()).isTrue();
        assertThat(json(ok.body()).get("user").asText()).isEqualTo("user");

        HttpResponse<String> none = get(client, base, "/basic-auth/user/pass");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Basic"));
        HttpResponse<String> wrong = send(client, request(base, "/basic-auth/user/other")
                .header("Authorization", good).build());
        assertThat(wrong.statusCode()).isEqualTo(401);

        assertThat(get(client, base, "/bearer").statusCode()).isEqualTo(401);
        HttpResponse<String> bearer = send(client, request(base, "/bearer").header("Authorization", "Bearer t0k")
                .build());
        assertThat(json(bearer.body()).get("token").asText()).isEqualTo("t0k");
    }

    @Test
    void gzipDeflateAndRawDeflateDecode() throws IOException {
        HttpResponse<byte[]> gz = sendBytes(client, request(base, "/gzip").build());
        assertThat(gz.headers().firstValue("content-encoding")).hasValue("gzip");
        JsonNode g = Support.JSON.readTree(new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body())));
        assertThat(g.get("gzipped").asBoolean()).isTrue();

        HttpResponse<byte[]> zl = sendBytes(client, request(base, "/deflate").build());
        assertThat(zl.headers().firstValue("content-encoding")).hasValue("deflate");
        assertThat(zl.body()[0]).isEqualTo((byte) 0x78); // zlib header
        JsonNode d = Support.JSON.readTree(new InflaterInputStream(new java.io.ByteArrayInputStream(zl.body())));
        assertThat(d.get("deflated").asBoolean()).isTrue();

        HttpResponse<byte[]> raw = sendBytes(client, request(base, "/salvo/deflate-raw").build());
        assertThat(raw.headers().firstValue("content-encoding")).hasValue("deflate");
        JsonNode rd = Support.JSON.readTree(new InflaterInputStream(new java.io.ByteArrayInputStream(raw.body()),
                new Inflater(true)));
        assertThat(rd.get("deflated").asBoolean()).isTrue();
    }

    @Test
    void gzipBombInflatesToExactlyTheRequestedZeros() throws IOException {
        long size = 100L * 1024 * 1024 + 12345;
        HttpResponse<InputStream> r;
        try {
            r = client.send(request(base, "/salvo/gzip-bomb?size=" + size).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
        long compressed = r.headers().firstValueAsLong("content-length").orElseThrow();
        assertThat(compressed).isLessThan(size / 500);
        long total = 0;
        boolean allZero = true;
        try (InputStream in = new GZIPInputStream(r.body(), 64 * 1024)) { // verifies CRC-32 and ISIZE
            byte[] buf = new byte[256 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                for (int i = 0; i < n && allZero; i++) {
                    allZero = buf[i] == 0;
                }
            }
        }
        assertThat(total).isEqualTo(size);
        assertThat(allZero).isTrue();
    }

    @Test
    void bytesAreDeterministicAndSeeded() {
        HttpResponse<byte[]> a = sendBytes(client, request(base, "/bytes/200000?seed=42").build());
        HttpResponse<byte[]> b = sendBytes(client, request(base, "/bytes/200000?seed=42").build());
        assertThat(a.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(a.headers().firstValueAsLong("content-length")).hasValue(200000);
        assertThat(a.body()).hasSize(200000).isEqualTo(b.body());
        byte[] expected = new byte[200000];
        new Random(42).nextBytes(expected);
        assertThat(a.body()).isEqualTo(expected);
        assertThat(sendBytes(client, request(base, "/bytes/100?seed=43").build()).body())
                .isNotEqualTo(java.util.Arrays.copyOf(expected, 100));
        assertThat(sendBytes(client, request(base, "/bytes/0").build()).body()).isEmpty();
    }

    @Test
    void streamSendsJsonLines() {
        HttpResponse<String> r = get(client, base, "/stream/5");
        String[] lines = r.body().split("\n");
        assertThat(lines).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(json(lines[i]).get("id").asInt()).isEqualTo(i);
        }
        assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
    }

    @Test
    void dripSpreadsBytesOverTheDuration() {
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(client, base, "/drip?duration=0.4&numbytes=5&delay=0.1&code=201");
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("*****");
        assertThat(r.headers().firstValueAsLong("content-length")).hasValue(5);
        assertThat(ms).isGreaterThanOrEqualTo(400);
    }

    @Test
    void delayAndHold() {
        long t0 = System.nanoTime();
        HttpResponse<String> d = get(client, base, "/delay/0.3?x=1");
        assertThat(Duration.ofNanos(System.nanoTime() - t0).toMillis()).isGreaterThanOrEqualTo(300);
        assertThat(json(d.body()).get("args").get("x").asText()).isEqualTo("1");
        t0 = System.nanoTime();
        HttpResponse<String> h = send(client, request(base, "/salvo/hold/150").POST(BodyPublishers.ofString("b"))
                .build());
        assertThat(Duration.ofNanos(System.nanoTime() - t0).toMillis()).isGreaterThanOrEqualTo(150);
        assertThat(json(h.body()).get("data").asText()).isEqualTo("b");
    }

    @Test
    void headersUserAgentIpAndResponseHeaders() {
        HttpResponse<String> h = send(client, request(base, "/headers").header("X-One", "1").build());
        assertThat(json(h.body()).get("headers").get("X-One").asText()).isEqualTo("1");
        HttpResponse<String> ua = send(client, request(base, "/user-agent").header("User-Agent", "salvo/1").build());
        assertThat(json(ua.body()).get("user-agent").asText()).isEqualTo("salvo/1");
        assertThat(json(get(client, base, "/ip").body()).get("origin").asText()).isEqualTo("127.0.0.1");

        HttpResponse<String> rh = get(client, base, "/response-headers?X-Test=a&X-Test=b&Cache-Control=no-store");
        assertThat(rh.headers().allValues("x-test")).containsExactly("a", "b");
        assertThat(rh.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(json(rh.body()).get("Cache-Control").asText()).isEqualTo("no-store");
    }

    @Test
    void textInAGivenCharset() {
        String text = "gr\u00fc\u00df dich \u20ac";
        for (String cs : List.of("UTF-8", "ISO-8859-15", "UTF-16BE")) {
            HttpResponse<byte[]> r = sendBytes(client, request(base, "/salvo/text?charset=" + cs + "&text="
                    + java.net.URLEncoder.encode(text, StandardCharsets.UTF_8)).build());
            assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=" + cs);
            assertThat(r.body()).isEqualTo(text.getBytes(Charset.forName(cs)));
        }
        assertThat(get(client, base, "/salvo/text?charset=no-such-charset").statusCode()).isEqualTo(400);
    }

    @Test
    void headRequestHasHeadersButNoBody() throws IOException {
        Support.RawResult r = Support.raw(base, "HEAD /get HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 5000);
        assertThat(r.text()).startsWith("HTTP/1.1 200 ");
        assertThat(Support.header(r.text(), "content-length")).isNotEqualTo("0");
        assertThat(r.body()).isEmpty();
        assertThat(r.eof()).isTrue();
    }

    @Test
    void expectContinueIsHonoured() {
        HttpResponse<String> r = send(client, request(base, "/post").expectContinue(true)
                .POST(BodyPublishers.ofString("after continue")).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).get("data").asText()).isEqualTo("after continue");
    }

    /** A publisher of {@code size} zero bytes in 64 KiB buffers, without holding them all in memory. */
    private static Flow.Publisher<java.nio.ByteBuffer> zeros(long size) {
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private long left = size;
            private boolean done;

            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && left > 0; i++) {
                    int chunk = (int) Math.min(left, 64 * 1024);
                    left -= chunk;
                    subscriber.onNext(java.nio.ByteBuffer.allocate(chunk));
                }
                if (left == 0 && !done) {
                    done = true;
                    subscriber.onComplete();
                }
            }

            @Override
            public void cancel() {
                left = 0;
                done = true;
            }
        });
    }
}
