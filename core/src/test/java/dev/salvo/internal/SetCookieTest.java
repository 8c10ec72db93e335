package dev.salvo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One Set-Cookie line taken apart, and the cookie dates browsers accept. */
class SetCookieTest {

    @Test
    void attributesAreReadCaseInsensitivelyAndTheLastOfEachWins() {
        SetCookie sc = SetCookie.parse(" k = v ;path=/a; PATH=/b; DOMAIN=.Example.COM; secure; HTTPONLY; Max-Age=5; max-age=7");
        assertThat(sc).isEqualTo(new SetCookie("k", "v", "example.com", "/b", 7L, null, true, true));
    }

    @Test
    void lineWithAControlCharacterIsIgnoredWhole() {
        assertThat(SetCookie.parse("k=a\u0000b")).as("NUL").isNull();
        assertThat(SetCookie.parse("k=v; Path=/\u0007")).as("BEL in an attribute").isNull();
        assertThat(SetCookie.parse("k=v;\tPath=/")).as("a tab is whitespace").isNotNull();
    }

    @Test
    void lineWithANonAsciiCharacterIsIgnored() {
        assertThat(SetCookie.parse("k=caf\u00e9")).isNull();
    }

    @Test
    void namelessOrEmptyNamedCookiesAreIgnored() {
        assertThat(SetCookie.parse("value-only")).isNull();
        assertThat(SetCookie.parse("=v")).isNull();
        assertThat(SetCookie.parse(" =v")).isNull();
    }

    @Test
    void maxAgeThatIsNotAnIntegerIsIgnoredAndAHugeOneSaturates() {
        assertThat(SetCookie.parse("k=v; Max-Age=1e3").maxAge()).as("1e3").isNull();
        assertThat(SetCookie.parse("k=v; Max-Age=-").maxAge()).as("-").isNull();
        assertThat(SetCookie.parse("k=v; Max-Age=-5").maxAge()).as("-5").isEqualTo(-5L);
        assertThat(SetCookie.parse("k=v; Max-Age=" + "9".repeat(40)).maxAge()).as("40 nines").isPositive();
    }

    @Test
    void overlongAttributeValueIsIgnoredWithItsAttribute() {
        SetCookie sc = SetCookie.parse("k=v; Path=/ok; Path=/" + "p".repeat(SetCookie.MAX_ATTRIBUTE_VALUE_LENGTH));
        assertThat(sc.path()).isEqualTo("/ok");
    }

    @Test
    void emptyDomainAndRelativePathAreIgnored() {
        SetCookie sc = SetCookie.parse("k=v; Domain=; Path=rel");
        assertThat(sc.domain()).as("domain").isNull();
        assertThat(sc.path()).as("path").isNull();
    }

    @Test
    void manyAttributesWithoutValuesParseInOnePass() {
        String line = "k=v" + "; a".repeat(50_000) + "; Path=/x";
        assertThat(SetCookie.parse(line).path()).isEqualTo("/x");
    }

    @Test
    void cookieDatesInEveryFormatBrowsersAcceptAreRead() {
        Instant expected = Instant.parse("2099-10-21T07:28:00Z");
        assertThat(CookieDate.parse("Wed, 21 Oct 2099 07:28:00 GMT")).as("RFC 1123").isEqualTo(expected);
        assertThat(CookieDate.parse("Wednesday, 21-Oct-99 07:28:00 GMT")).as("RFC 850, two-digit year")
                .isEqualTo(Instant.parse("1999-10-21T07:28:00Z"));
        assertThat(CookieDate.parse("Wed Oct 21 07:28:00 2099")).as("asctime").isEqualTo(expected);
        assertThat(CookieDate.parse("21-oct-2099 7:28:0")).as("loose").isEqualTo(expected);
        assertThat(CookieDate.parse("Thu, 01 Jan 70 00:00:00 GMT")).as("year 70").isEqualTo(Instant.EPOCH);
        assertThat(CookieDate.parse("Sat, 01 Jan 00 00:00:00 GMT")).as("year 00")
                .isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    }

    @Test
    void impossibleCookieDatesAreNotDates() {
        assertThat(CookieDate.parse("30 Feb 2099 00:00:00")).as("30 Feb").isNull();
        assertThat(CookieDate.parse("21 Oct 2099 24:00:00")).as("hour 24").isNull();
        assertThat(CookieDate.parse("21 Oct 1600 00:00:00")).as("year 1600").isNull();
        assertThat(CookieDate.parse("21 Oct 2099")).as("no time").isNull();
        assertThat(CookieDate.parse("")).as("empty").isNull();
        assertThat(CookieDate.parse("123:45:67 21 Oct 2099")).as("three-digit hour").isNull();
    }
}
