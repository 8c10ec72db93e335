package dev.salvo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.salvo.Cookie;
import dev.salvo.Headers;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cookie jar's origin rules: which Set-Cookie lines it keeps and where it sends them. */
class CookieJarTest {
    private final CookieJar jar = new CookieJar();

    private void set(String url, String... lines) {
        List<String> fields = new ArrayList<>();
        for (String line : lines) {
            fields.add("Set-Cookie");
            fields.add(line);
        }
        jar.store(URI.create(url), Headers.of(fields.toArray(String[]::new)));
    }

    private String sent(String url) {
        return jar.header(URI.create(url));
    }

    private List<String> names() {
        return jar.all().stream().map(Cookie::name).toList();
    }

    @Test
    void domainAttributeThatIsAPublicSuffixIsRejected() {
        set("http://evil.example.com/", "stolen=1; Domain=com; Path=/", "dotted=1; Domain=.COM");
        assertThat(names()).as("cookies kept from Domain=com").isEmpty();
        assertThat(sent("http://bank.example.com/")).as("Cookie sent to bank.example.com").isNull();
    }

    @Test
    void multiLabelPublicSuffixIsRejectedButTheSiteBelowItIsNot() {
        set("http://www.shop.co.uk/", "wide=1; Domain=co.uk", "own=1; Domain=shop.co.uk");
        assertThat(names()).as("kept from www.shop.co.uk").containsExactly("own");
        assertThat(sent("http://bank.co.uk/")).as("Cookie sent to bank.co.uk").isNull();
        assertThat(sent("http://api.shop.co.uk/")).as("Cookie sent to api.shop.co.uk").isEqualTo("own=1");
    }

    @Test
    void privateSectionSuffixIsRejected() {
        set("http://mine.github.io/", "x=1; Domain=github.io");
        assertThat(names()).as("kept from Domain=github.io").isEmpty();
    }

    @Test
    void singleLabelDomainIsTreatedAsAPublicSuffix() {
        set("http://a.test/", "x=1; Domain=test");
        assertThat(names()).as("kept from Domain=test").isEmpty();
        assertThat(sent("http://b.test/")).isNull();
    }

    @Test
    void publicSuffixEqualToTheHostGivesAHostOnlyCookie() {
        set("http://github.io/", "x=1; Domain=github.io");
        assertThat(jar.all()).singleElement().satisfies(c -> assertThat(c.hostOnly()).as("hostOnly").isTrue());
        assertThat(sent("http://github.io/")).isEqualTo("x=1");
        assertThat(sent("http://mine.github.io/")).as("Cookie sent to a subdomain").isNull();
    }

    @Test
    void domainThatDoesNotMatchTheHostIsRejected() {
        set("http://a.example.com/", "other=1; Domain=other.com", "sibling=1; Domain=b.example.com",
                "notALabel=1; Domain=xample.com", "child=1; Domain=x.a.example.com");
        assertThat(names()).as("kept from a.example.com").isEmpty();
    }

    @Test
    void domainEqualToTheHostCoversItsSubdomains() {
        set("http://example.com/", "x=1; Domain=example.com");
        assertThat(sent("http://www.example.com/")).isEqualTo("x=1");
    }

    @Test
    void ipAddressHostGetsHostOnlyCookiesOnly() {
        set("http://10.0.0.1/", "same=1; Domain=10.0.0.1", "parent=1; Domain=0.0.1");
        assertThat(jar.all()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("same");
            assertThat(c.hostOnly()).as("hostOnly").isTrue();
        });
        assertThat(sent("http://110.0.0.1/")).as("Cookie sent to another address").isNull();
    }

    @Test
    void ipv6HostKeepsItsCookies() {
        set("http://[::1]:8080/", "k=v");
        assertThat(sent("http://[::1]:9090/x")).isEqualTo("k=v");
    }

    @Test
    void secureCookieSetOverHttpIsIgnored() {
        set("http://a.test/", "s=1; Secure", "plain=1");
        assertThat(names()).as("kept from http").containsExactly("plain");
    }

    @Test
    void secureCookieIsSentOnlyOverHttps() {
        set("https://a.test/", "s=1; Secure");
        assertThat(sent("http://a.test/")).as("over http").isNull();
        assertThat(sent("https://a.test/")).as("over https").isEqualTo("s=1");
    }

    @Test
    void httpCannotOverwriteOrDeleteASecureCookie() {
        set("https://a.test/", "sid=good; Secure; Path=/");
        set("http://a.test/", "sid=evil; Path=/");
        set("http://a.test/", "sid=; Path=/; Max-Age=0");
        assertThat(sent("https://a.test/")).isEqualTo("sid=good");
        assertThat(sent("http://a.test/")).as("over http").isNull();
    }

    @Test
    void httpCannotShadowASecureCookieFromAParentDomainOrDeeperPath() {
        set("https://www.example.com/", "sid=good; Secure; Domain=example.com; Path=/");
        set("http://www.example.com/", "sid=evil; Path=/account", "other=1; Path=/account");
        assertThat(sent("https://www.example.com/account/x")).isEqualTo("other=1; sid=good");
    }

    @Test
    void httpsMayReplaceASecureCookieWithAnInsecureOne() {
        set("https://a.test/", "sid=1; Secure");
        set("https://a.test/", "sid=2");
        assertThat(sent("http://a.test/")).isEqualTo("sid=2");
    }

    @Test
    void securePrefixRequiresTheSecureAttribute() {
        set("https://a.test/", "__Secure-a=1", "__SECURE-b=1", "__Secure-ok=1; Secure");
        assertThat(names()).containsExactly("__Secure-ok");
    }

    @Test
    void securePrefixIsIgnoredOverHttp() {
        set("http://a.test/", "__Secure-a=1; Secure");
        assertThat(names()).isEmpty();
    }

    @Test
    void hostPrefixRequiresSecureHostOnlyAndAnExplicitRootPath() {
        set("https://www.a.test/x/y", "__Host-noSecure=1; Path=/", "__Host-domain=1; Secure; Path=/; Domain=www.a.test",
                "__Host-deep=1; Secure; Path=/x", "__Host-noPath=1; Secure", "__host-lower=1; Path=/",
                "__Host-ok=1; Secure; Path=/");
        assertThat(names()).containsExactly("__Host-ok");
    }

    @Test
    void cookieLongerThanTheSizeCapIsIgnored() {
        String fits = "v".repeat(Cookie.MAX_NAME_AND_VALUE_LENGTH - 1);
        set("http://a.test/", "a=" + fits, "bb=" + fits);
        assertThat(names()).as("name+value of 4096 kept, of 4097 ignored").containsExactly("a");
    }

    @Test
    void cookieBuiltByHandLongerThanTheSizeCapIsRefused() {
        assertThatCode(() -> Cookie.of("a.test", "n", "v".repeat(Cookie.MAX_NAME_AND_VALUE_LENGTH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4097");
    }

    @Test
    void headerOrdersLongerPathsFirstThenOlderCookies() {
        set("http://a.test/", "root=1; Path=/", "deep=1; Path=/a/b", "mid=1; Path=/a", "root2=1; Path=/");
        set("http://a.test/", "root=2; Path=/");
        assertThat(sent("http://a.test/a/b/c")).as("a replaced cookie keeps its place")
                .isEqualTo("deep=1; mid=1; root=2; root2=1");
    }

    @Test
    void pathMatchesOnlyAtSegmentBoundaries() {
        set("http://a.test/", "k=1; Path=/docs");
        assertThat(sent("http://a.test/docs/x")).isEqualTo("k=1");
        assertThat(sent("http://a.test/docsearch")).isNull();
    }

    @Test
    void maxAgeWinsOverExpiresWhateverTheOrder() {
        set("http://a.test/", "k=1; Max-Age=0; Expires=Wed, 21 Oct 2099 07:28:00 GMT");
        assertThat(names()).as("Max-Age=0 deletes").isEmpty();
        set("http://a.test/", "k=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=60");
        assertThat(names()).as("Max-Age=60 keeps").containsExactly("k");
    }

    @Test
    void lifetimeIsCappedAt400Days() {
        Instant before = Instant.now();
        set("http://a.test/", "far=1; Expires=Fri, 01 Jan 9999 00:00:00 GMT", "long=1; Max-Age=99999999999999999999");
        assertThat(jar.all()).hasSize(2).allSatisfy(c -> assertThat(c.expiresAt())
                .isBeforeOrEqualTo(Instant.now().plus(CookieJar.MAX_LIFETIME))
                .isAfter(before.plus(CookieJar.MAX_LIFETIME).minus(Duration.ofMinutes(1))));
    }

    @Test
    void httpOnlyCookiesAreStoredAndSent() {
        set("http://a.test/", "h=1; HttpOnly");
        assertThat(jar.all()).singleElement().satisfies(c -> assertThat(c.httpOnly()).isTrue());
        assertThat(sent("http://a.test/")).isEqualTo("h=1");
    }

    @Test
    void quotedValueIsSentBackAsItWasSet() {
        set("http://a.test/", "q=\"a b\"");
        assertThat(sent("http://a.test/")).isEqualTo("q=\"a b\"");
    }

    @Test
    void malformedLinesAreIgnoredWithoutThrowingAndTheRestKept() {
        assertThatCode(() -> set("http://a.test/", "", "=", "novalue", "=nameless", "bad name=1", "latin=\u00e9",
                "k=1; Max-Age=12x; Expires=not a date; Domain=; Path=relative",
                "long=1; Path=/" + "p".repeat(SetCookie.MAX_ATTRIBUTE_VALUE_LENGTH), "semi=;;;;; ;=; X",
                "a=1; Domain=a..test", "ok=1")).doesNotThrowAnyException();
        assertThat(names()).containsExactlyInAnyOrder("k", "long", "semi", "ok");
        assertThat(jar.all()).filteredOn(c -> c.name().equals("long")).singleElement()
                .satisfies(c -> assertThat(c.path()).as("over-long Path ignored").isEqualTo("/"));
    }

    @Test
    void responseWithoutAHostIsIgnored() {
        assertThatCode(() -> jar.store(URI.create("file:///tmp/x"), Headers.of("Set-Cookie", "k=1")))
                .doesNotThrowAnyException();
        assertThat(names()).isEmpty();
    }
}
