package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.spi.TransportRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Design rule 25 at a scripted transport that records what each redirect hop carried:
 * Authorization, Proxy-Authorization and Cookie, from whichever source they come (the request,
 * the session's default headers and auth, the client's default headers), go only to the original
 * request's origin; on a hop to another scheme, host or port the only cookies are the jar's for
 * that origin.
 */
class CredentialsTest {
    private static final List<String> CREDENTIALS = List.of("Authorization", "Proxy-Authorization", "Cookie");
    private static final String ORIGIN = "http://a.test";

    /** Where the three credentials are given. */
    enum Source { REQUEST, SESSION, SESSION_AUTH, CLIENT }

    private FakeTransport transport;
    private Salvo salvo;

    @AfterEach
    void stop() {
        if (salvo != null) {
            salvo.close();
        }
    }

    /** A session whose requests carry the credentials from {@code source}, and its jar cookie {@code jar=1} for a.test. */
    private Session sessionWith(Source source) {
        transport = new FakeTransport();
        SalvoConfig.Builder config = SalvoConfig.builder();
        if (source == Source.CLIENT) {
            config.header("Authorization", "Bearer client").header("Proxy-Authorization", "Basic client")
                    .header("Cookie", "given=client");
        }
        salvo = Salvo.create(config.build(), FakeTransport.provider(transport));
        Session.Builder session = salvo.newSession().cookie(Cookie.of("a.test", "jar", "1"));
        if (source == Source.SESSION) {
            session.header("Authorization", "Bearer session").header("Proxy-Authorization", "Basic session")
                    .header("Cookie", "given=session");
        } else if (source == Source.SESSION_AUTH) {
            session.bearerAuth("session-auth").header("Proxy-Authorization", "Basic session")
                    .header("Cookie", "given=session");
        }
        return session.build();
    }

    private static Request request(Source source, String url) {
        Request.Builder b = Request.get(url).newBuilder();
        if (source == Source.REQUEST) {
            b.setHeader("Authorization", "Bearer request").setHeader("Proxy-Authorization", "Basic request")
                    .setHeader("Cookie", "given=request");
        }
        return b.build();
    }

    private static String redirectTo(String target) {
        return ORIGIN + "/redirect?code=302&to=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    private TransportRequest hop(int n) {
        return transport.received.get(n);
    }

    static Stream<Arguments> otherOrigins() {
        return Stream.of(Source.values()).flatMap(s -> Stream.of(
                Arguments.of(s, "another host", "http://b.test/echo-headers", null),
                Arguments.of(s, "another port", "http://a.test:8080/echo-headers", "jar=1"),
                Arguments.of(s, "another scheme", "https://a.test/echo-headers", "jar=1")));
    }

    @ParameterizedTest(name = "{0} credentials, redirect to {1}")
    @MethodSource("otherOrigins")
    void noSourcesCredentialsCrossToAnotherOrigin(Source source, String change, String target, String jarCookies) {
        Session session = sessionWith(source);

        Response r = session.execute(request(source, redirectTo(target)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(transport.received).as("hops").hasSize(2);
        for (String name : CREDENTIALS) {
            assertThat(hop(0).headers().contains(name)).as("%s from %s on the first hop", name, source).isTrue();
            if (!name.equals("Cookie")) {
                assertThat(hop(1).headers().all(name)).as("%s from %s after a redirect to %s", name, source, change)
                        .isEmpty();
            }
        }
        assertThat(hop(1).headers().firstOrNull("Cookie")).as("Cookie after a redirect to %s: the jar's for %s only",
                change, target).isEqualTo(jarCookies);
    }

    @ParameterizedTest(name = "{0} credentials, same-origin redirect")
    @EnumSource(Source.class)
    void aSameOriginRedirectKeepsEveryCredential(Source source) {
        Session session = sessionWith(source);

        session.execute(request(source, redirectTo(ORIGIN + "/echo-headers")));

        for (String name : CREDENTIALS.subList(0, 2)) {
            assertThat(hop(1).headers().firstOrNull(name)).as("%s from %s after a same-origin redirect", name, source)
                    .isEqualTo(hop(0).headers().firstOrNull(name)).isNotNull();
        }
        String given = "given=" + (source == Source.SESSION_AUTH ? "session" : source.name().toLowerCase());
        assertThat(hop(1).headers().firstOrNull("Cookie")).as("Cookie from %s after a same-origin redirect", source)
                .isEqualTo(given + "; jar=1");
    }

    @ParameterizedTest(name = "{0} credentials, away and back")
    @EnumSource(Source.class)
    void credentialsDoNotComeBackWhenARedirectChainReturnsToTheOrigin(Source source) {
        Session session = sessionWith(source);

        session.execute(request(source, redirectTo("http://b.test" + "/redirect?code=302&to="
                + URLEncoder.encode(ORIGIN + "/echo-headers", StandardCharsets.UTF_8))));

        assertThat(transport.received).as("hops").hasSize(3);
        assertThat(hop(2).uri().getHost()).isEqualTo("a.test");
        assertThat(hop(2).headers().all("Authorization")).as("Authorization from %s back at the origin", source).isEmpty();
        assertThat(hop(2).headers().all("Proxy-Authorization")).as("Proxy-Authorization from %s back at the origin", source)
                .isEmpty();
        assertThat(hop(2).headers().firstOrNull("Cookie")).as("Cookie back at the origin: the jar's only").isEqualTo("jar=1");
    }
}
