package dev.salvo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.Cookie;
import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Core's policies in isolation: cookies, decoding, redirects. */
class PoliciesTest {

    @Test
    void hostOnlyCookiesGoToTheirHostOnlyAndDomainCookiesToSubdomains() {
        CookieJar jar = new CookieJar();
        jar.store(URI.create("http://www.example.test/a/b"), Headers.of("Set-Cookie", "host=1",
                "Set-Cookie", "dom=2; Domain=example.test; Path=/"));
        assertThat(jar.header(URI.create("http://www.example.test/a/c"))).isEqualTo("host=1; dom=2");
        assertThat(jar.header(URI.create("http://api.example.test/"))).isEqualTo("dom=2");
        assertThat(jar.header(URI.create("http://www.example.test/other"))).as("default path /a").isEqualTo("dom=2");
        assertThat(jar.header(URI.create("http://elsewhere.test/"))).isNull();
    }

    @Test
    void cookiesForAForeignDomainAreRejectedAndSecureOnesStayOnHttps() {
        CookieJar jar = new CookieJar();
        jar.store(URI.create("https://a.test/"), Headers.of("Set-Cookie", "x=1; Domain=b.test", "Set-Cookie", "s=1; Secure"));
        assertThat(jar.all()).extracting(Cookie::name).containsExactly("s");
        assertThat(jar.header(URI.create("http://a.test/"))).isNull();
        assertThat(jar.header(URI.create("https://a.test/"))).isEqualTo("s=1");
    }

    @Test
    void maxAgeZeroDeletesAndSameNameReplaces() {
        CookieJar jar = new CookieJar();
        URI u = URI.create("http://a.test/");
        jar.store(u, Headers.of("Set-Cookie", "k=1"));
        jar.store(u, Headers.of("Set-Cookie", "k=2"));
        assertThat(jar.header(u)).isEqualTo("k=2");
        jar.store(u, Headers.of("Set-Cookie", "k=gone; Max-Age=0"));
        assertThat(jar.header(u)).isNull();
        jar.store(u, Headers.of("Set-Cookie", "old=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT"));
        assertThat(jar.all()).isEmpty();
        jar.put(Cookie.of("a.test", "manual", "v"), Instant.now());
        assertThat(jar.header(u)).isEqualTo("manual=v");
    }

    @Test
    void gzipAndBothDeflateFormsDecode() throws Exception {
        byte[] plain = "hello hello hello".getBytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(zlib)) {
            out.write(plain);
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(raw, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            out.write(plain);
        }
        assertThat(Decoding.decode("gzip", gz.toByteArray(), 1000)).isEqualTo(plain);
        assertThat(Decoding.decode("deflate", zlib.toByteArray(), 1000)).isEqualTo(plain);
        assertThat(Decoding.decode("deflate", raw.toByteArray(), 1000)).isEqualTo(plain);
        assertThat(Decoding.decode("br", gz.toByteArray(), 1000)).as("unknown codings pass through").isEqualTo(gz.toByteArray());
        assertThat(Decoding.decode("gzip", new byte[0], 1000)).isEmpty();
    }

    @Test
    void decodingStopsAtTheCapWithBodyTooLarge() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(new byte[1 << 20]);
        }
        assertThat(gz.size()).isLessThan(2000);
        assertThatThrownBy(() -> Decoding.decode("gzip", gz.toByteArray(), 64 * 1024)).isInstanceOf(SalvoException.class)
                .satisfies(e -> assertThat(((SalvoException) e).type()).isEqualTo(ErrorType.BODY_TOO_LARGE));
        assertThatThrownBy(() -> Decoding.decode("gzip", new byte[] {1, 2, 3}, 100)).isInstanceOf(SalvoException.class)
                .satisfies(e -> assertThat(((SalvoException) e).type()).isEqualTo(ErrorType.PROTOCOL));
    }

    @Test
    void redirectMethodRules() {
        Hop post = new Hop("POST", URI.create("http://a.test/x"), Headers.of("Content-Type", "text/plain"), dev.salvo.Body.text("b"), true);
        assertThat(Redirects.next(post, 301, "/y").method()).isEqualTo("GET");
        assertThat(Redirects.next(post, 302, "/y").method()).isEqualTo("GET");
        assertThat(Redirects.next(post, 303, "/y").body()).isNull();
        assertThat(Redirects.next(post, 307, "/y").method()).isEqualTo("POST");
        assertThat(Redirects.next(post, 308, "/y").body()).isNotNull();
        Hop put = new Hop("PUT", URI.create("http://a.test/x"), Headers.empty(), null, true);
        assertThat(Redirects.next(put, 301, "/y").method()).as("301 changes only POST").isEqualTo("PUT");
        Hop head = new Hop("HEAD", URI.create("http://a.test/x"), Headers.empty(), null, true);
        assertThat(Redirects.next(head, 303, "/y").method()).isEqualTo("HEAD");
    }

    @Test
    void redirectLocationsResolveAndCredentialsStayOnTheirHost() {
        Hop h = new Hop("GET", URI.create("http://a.test:8080/dir/page"), Headers.of("Authorization", "x", "Cookie", "c=1"), null, true);
        assertThat(Redirects.next(h, 302, "other").uri().toString()).isEqualTo("http://a.test:8080/dir/other");
        assertThat(Redirects.next(h, 302, "/p?q=a b").uri().toString()).isEqualTo("http://a.test:8080/p?q=a%20b");
        Hop away = Redirects.next(h, 302, "http://b.test/");
        assertThat(away.headers().contains("Authorization")).isFalse();
        assertThat(away.headers().contains("Cookie")).isFalse();
        assertThat(away.sameOrigin()).isFalse();
        Hop upgrade = Redirects.next(new Hop("GET", URI.create("http://a.test/"), Headers.of("Authorization", "x"), null, true),
                301, "https://a.test/");
        assertThat(upgrade.headers().contains("Authorization")).as("http->https: another origin").isFalse();
        assertThat(upgrade.sameOrigin()).as("http->https is another origin").isFalse();
        Hop samePort = Redirects.next(h, 302, "http://A.TEST:8080/x");
        assertThat(samePort.sameOrigin()).as("same scheme, host (any case) and port").isTrue();
        assertThat(samePort.headers().contains("Authorization")).isTrue();
        assertThat(Redirects.next(h, 302, "http://a.test/x").sameOrigin()).as("port 8080 to 80").isFalse();
        assertThat(HopHeaders.isCredential("proxy-authorization")).as("credential names ignore case").isTrue();
        assertThatThrownBy(() -> Redirects.next(h, 302, "ftp://a.test/")).isInstanceOf(SalvoException.class)
                .hasMessageContaining("unsupported scheme");
    }
}
