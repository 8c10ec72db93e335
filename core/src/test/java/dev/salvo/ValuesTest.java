package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests, headers and batches are validated values: bad input fails at build time naming the field. */
class ValuesTest {

    @Test
    void headersAreCaseInsensitiveOrderedAndMultiValued() {
        Headers h = Headers.builder().add("Set-Cookie", "a=1").add("X-One", "1").add("set-cookie", "b=2").build();
        assertThat(h.all("SET-COOKIE")).containsExactly("a=1", "b=2");
        assertThat(h.first("x-one")).contains("1");
        assertThat(h.names()).containsExactly("Set-Cookie", "X-One");
        assertThat(h.with("x-one", "2").all("X-One")).containsExactly("2");
    }

    @Test
    void headerValuesWithLineBreaksAndIllegalNamesAreRejected() {
        assertThatThrownBy(() -> Headers.of("X-Evil", "a\r\nInjected: 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header 'X-Evil'").hasMessageContaining("CR, LF");
        assertThatThrownBy(() -> Request.builder("GET", "http://h/").header("Bad Name", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header name 'Bad Name'");
        assertThatThrownBy(() -> Request.builder("GET", "http://h/").header("X\nY", "v"))
                .hasMessageContaining("header name 'X\\nY'");
    }

    @Test
    void malformedAndUnsupportedUrlsAreRejectedNamingTheUrl() {
        assertThatThrownBy(() -> Request.get("http://exa mple.com/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("url 'http://exa mple.com/': malformed");
        assertThatThrownBy(() -> Request.get("ftp://example.com/f")).hasMessageContaining("unsupported scheme 'ftp'");
        assertThatThrownBy(() -> Request.get("http:///nohost")).hasMessageContaining("no valid host");
        assertThatThrownBy(() -> Request.get("")).hasMessageContaining("url: must not be empty");
        assertThatThrownBy(() -> Request.get("//host/x")).hasMessageContaining("no scheme");
        assertThatThrownBy(() -> Request.get("http://u:secret@h/")).hasMessageContaining("basicAuth").hasMessageNotContaining("secret");
    }

    @Test
    void methodsAreTokensAndStandardOnesUpperCased() {
        assertThat(Request.builder("get", "http://h/").build().method()).isEqualTo("GET");
        assertThat(Request.builder("PROPFIND", "http://h/").build().method()).isEqualTo("PROPFIND");
        assertThatThrownBy(() -> Request.builder("GE T", "http://h/")).hasMessageContaining("method 'GE T'");
    }

    @Test
    void durationsAndSizesMustBePositive() {
        assertThatThrownBy(() -> Request.builder("http://h/").timeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("timeout: must be positive");
        assertThatThrownBy(() -> Request.builder("http://h/").readTimeout(Duration.ZERO))
                .hasMessageContaining("readTimeout: must be positive");
        assertThatThrownBy(() -> Batch.size(0)).hasMessageContaining("size: must be >= 1");
        assertThatThrownBy(() -> Batch.size(2).deadline(Duration.ofMillis(-5))).hasMessageContaining("deadline: must be positive");
        assertThatThrownBy(() -> SalvoConfig.builder().maxConnections(0)).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> Request.builder("http://h/").maxRedirects(-1)).hasMessageContaining("maxRedirects");
    }

    @Test
    void paramsAreEncodedAndAppendedToAnExistingQuery() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("q", "a b&c=d");
        p.put("ü", "é");
        Request r = Request.builder("http://h/s?x=1").params(p).build();
        assertThat(r.uri().toString()).isEqualTo("http://h/s?x=1&q=a+b%26c%3Dd&%C3%BC=%C3%A9");
        assertThat(r.url()).isEqualTo("http://h/s?x=1");
    }

    @Test
    void relativeUrlsResolveAgainstABaseAsAPrefix() {
        Request r = Request.builder("/items/1").param("a", "b").build();
        assertThat(r.isAbsolute()).isFalse();
        assertThat(r.uri(java.net.URI.create("https://api.test/v1")).toString()).isEqualTo("https://api.test/v1/items/1?a=b");
        assertThat(r.uri(java.net.URI.create("https://api.test/v1/")).toString()).isEqualTo("https://api.test/v1/items/1?a=b");
    }

    @Test
    void requestsAreImmutableAndDerivedWithNewBuilder() {
        Request a = Request.builder("http://h/").header("A", "1").tag("t").build();
        Request b = a.newBuilder().header("B", "2").build();
        assertThat(a.headers().contains("B")).isFalse();
        assertThat(b.headers().all("A")).containsExactly("1");
        assertThat(b.tag()).isEqualTo("t");
    }

    @Test
    void basicAuthIsEncodedAndHiddenFromToString() {
        Request r = Request.builder("http://h/").basicAuth("user", "pa:ss").build();
        assertThat(r.headers().firstOrNull("Authorization")).isEqualTo("Basic dXNlcjpwYTpzcw==");
        assertThat(r.headers().toString()).doesNotContain("dXNlcjpwYTpzcw");
    }

    @Test
    void bodiesDescribeThemselves() throws Exception {
        assertThat(Body.json("{}").contentType()).contains("application/json");
        assertThat(Body.form(Map.of("a b", "c&d")).inMemory().map(String::new)).contains("a+b=c%26d");
        assertThat(Body.text("é", java.nio.charset.StandardCharsets.ISO_8859_1).contentLength()).isEqualTo(1);
        assertThat(Body.stream(() -> new java.io.ByteArrayInputStream(new byte[3]), null).contentLength()).isEqualTo(-1);
        Body mp = Body.multipart(Multipart.Part.field("f", "v"), Multipart.Part.bytes("file", "a.txt", new byte[] {1, 2}, "text/plain"));
        assertThat(mp.contentLength()).isEqualTo(mp.openStream().readAllBytes().length);
        assertThatThrownBy(() -> Body.file(java.nio.file.Path.of("/nonexistent/file")))
                .hasMessageContaining("body file '/nonexistent/file'");
    }

    @Test
    void raiseForStatusTypesErrorStatuses() {
        Response ok = Response.builder().status(204).build();
        assertThat(ok.raiseForStatus()).isSameAs(ok);
        Response bad = Response.builder().status(503).build();
        assertThatThrownBy(bad::raiseForStatus).isInstanceOf(SalvoException.class)
                .satisfies(e -> {
                    assertThat(((SalvoException) e).type()).isEqualTo(ErrorType.HTTP_STATUS);
                    assertThat(((SalvoException) e).response()).isSameAs(bad);
                }).hasMessageContaining("503 Service Unavailable");
    }

    @Test
    void textUsesTheContentTypeCharset() {
        Response r = Response.builder().headers(Headers.of("Content-Type", "text/plain; charset=ISO-8859-1"))
                .body(new byte[] {(byte) 0xE9}).build();
        assertThat(r.text()).isEqualTo("é");
    }
}
