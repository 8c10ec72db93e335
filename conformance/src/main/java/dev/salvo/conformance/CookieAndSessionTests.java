package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contract item 14: cookies stay in their session; base URL, default headers and auth. */
public interface CookieAndSessionTests extends KitContext {

    @Test
    default void sessionSendsTheCookiesItWasSet() {
        Session session = kit().client().newSession().build();
        session.execute(Request.get(kit().httpbin("/cookies/set?flavour=oat&size=big")));
        JsonNode cookies = kit().json(session.execute(Request.get(kit().httpbin("/cookies")))).get("cookies");
        assertThat(cookies.path("flavour").asText()).as("cookie flavour").isEqualTo("oat");
        assertThat(cookies.path("size").asText()).as("cookie size").isEqualTo("big");
        assertThat(session.cookies()).as("session.cookies()").extracting(c -> c.name()).contains("flavour", "size");
    }

    @Test
    default void deletedCookiesAreNoLongerSent() {
        Session session = kit().client().newSession().build();
        session.execute(Request.get(kit().httpbin("/cookies/set?keep=1&drop=2")));
        JsonNode cookies = kit().json(session.execute(Request.get(kit().httpbin("/cookies/delete?drop=")))).get("cookies");
        assertThat(cookies.path("keep").asText()).as("cookie kept").isEqualTo("1");
        assertThat(cookies.has("drop")).as("deleted cookie still sent: %s", cookies).isFalse();
    }

    @Test
    default void anotherSessionDoesNotSeeThem() {
        Salvo client = kit().client();
        Session first = client.newSession().build();
        first.execute(Request.get(kit().httpbin("/cookies/set?secret=1")));
        Session second = client.newSession().build();
        JsonNode cookies = kit().json(second.execute(Request.get(kit().httpbin("/cookies")))).get("cookies");
        assertThat(cookies.size()).as("cookies seen by a second session: %s", cookies).isZero();
    }

    @Test
    default void theBareClientSharesNoCookies() {
        Salvo client = kit().client();
        client.newSession().build().execute(Request.get(kit().httpbin("/cookies/set?secret=1")));
        client.execute(Request.get(kit().httpbin("/cookies/set?own=1")));
        JsonNode cookies = kit().json(client.execute(Request.get(kit().httpbin("/cookies")))).get("cookies");
        assertThat(cookies.size()).as("cookies seen by the bare client: %s", cookies).isZero();
    }

    @Test
    default void cookiesSurviveARedirectChainWithoutASession() {
        // /cookies/set answers 302 with Set-Cookie, then /cookies echoes what the follow-up sent
        Response r = kit().client().execute(Request.get(kit().httpbin("/cookies/set?chain=yes")));
        assertThat(r.history()).as("redirects").hasSize(1);
        assertThat(kit().json(r).get("cookies").path("chain").asText()).as("cookie after the redirect").isEqualTo("yes");
    }

    @Test
    default void sessionResolvesRelativeUrlsAgainstItsBase() {
        Session session = kit().client().newSession().baseUrl(kit().httpbin("")).build();
        Response r = session.execute(Request.get("/anything/items/7"));
        assertThat(r.url().toString()).as("resolved URL").isEqualTo(kit().httpbin("/anything/items/7"));
        assertThat(kit().json(r).get("url").asText()).as("echoed url").endsWith("/anything/items/7");
    }

    @Test
    default void sessionDefaultHeadersAreSentUnlessTheRequestSetsThem() {
        Session session = kit().client().newSession().header("X-Session", "s").header("X-Both", "session").build();
        JsonNode echo = kit().json(session.execute(Request.builder(kit().httpbin("/headers"))
                .header("X-Both", "request").build()));
        assertThat(Kit.echoedHeader(echo, "X-Session")).as("session header").isEqualTo("s");
        assertThat(Kit.echoedHeader(echo, "X-Both")).as("header set by both").isEqualTo("request");
    }

    @Test
    default void sessionBasicAuthAuthenticates() {
        Salvo client = kit().client();
        Session session = client.newSession().basicAuth("kit", "pw").build();
        Response ok = session.execute(Request.get(kit().httpbin("/basic-auth/kit/pw")));
        assertThat(ok.status()).as("status with the session's basic auth").isEqualTo(200);
        assertThat(kit().json(ok).get("authenticated").asBoolean()).as("authenticated").isTrue();
        Response without = client.execute(Request.get(kit().httpbin("/basic-auth/kit/pw")));
        assertThat(without.status()).as("status without auth").isEqualTo(401);
        Response wrong = client.newSession().basicAuth("kit", "nope").build()
                .execute(Request.get(kit().httpbin("/basic-auth/kit/pw")));
        assertThat(wrong.status()).as("status with a wrong password").isEqualTo(401);
    }

    @Test
    default void sessionBatchesShareTheJar() {
        Session session = kit().client().newSession().build();
        session.execute(Request.get(kit().httpbin("/cookies/set?batch=shared")));
        var responses = session.map(List.of(Request.get(kit().httpbin("/cookies")),
                Request.get(kit().httpbin("/cookies"))));
        assertThat(responses).as("batch responses").allSatisfy(r ->
                assertThat(kit().json(r).get("cookies").path("batch").asText()).isEqualTo("shared"));
    }
}
