package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.Session;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract item 15: redirects are core's policy, identical on every transport. */
public interface RedirectTests extends KitContext {

    @Test
    default void redirectsAreFollowedWithHistory() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/redirect/3")));
        assertThat(r.status()).as("final status").isEqualTo(200);
        assertThat(r.url().getPath()).as("final URL path").isEqualTo("/get");
        assertThat(r.history()).as("redirect history").hasSize(3);
        assertThat(r.history()).as("statuses in the history").allSatisfy(h -> assertThat(h.status()).isEqualTo(302));
        assertThat(r.history().get(0).url().getPath()).as("first hop").isEqualTo("/redirect/3");
    }

    @Test
    default void absoluteRedirectsAreFollowed() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/absolute-redirect/2")));
        assertThat(r.status()).as("final status").isEqualTo(200);
        assertThat(r.history()).as("history").hasSize(2);
    }

    @Test
    default void tooManyRedirectsFail() {
        Salvo client = kit().client(b -> b.maxRedirects(2));
        Kit.expectFailure(ErrorType.TOO_MANY_REDIRECTS, () -> client.execute(Request.get(kit().httpbin("/redirect/3"))));
        Kit.expectFailure(ErrorType.TOO_MANY_REDIRECTS, () -> kit().client().execute(
                Request.builder(kit().httpbin("/redirect/2")).maxRedirects(1).build()));
        assertThat(client.execute(Request.get(kit().httpbin("/redirect/2"))).status())
                .as("two redirects with maxRedirects(2)").isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 303})
    default void postBecomesGetWithoutBody(int status) {
        Response r = kit().client().execute(Request.post(redirectTo("/anything", status), Body.text("the body")));
        JsonNode echo = kit().json(r);
        assertThat(echo.get("method").asText()).as("method after %d", status).isEqualTo("GET");
        assertThat(echo.get("data").asText()).as("body after %d", status).isEmpty();
        assertThat(Kit.echoedHeader(echo, "Content-Type")).as("Content-Type after %d", status).isNull();
        assertThat(r.history().get(0).status()).as("redirect status").isEqualTo(status);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {307, 308})
    default void temporaryAndPermanentKeepMethodAndBody(int status) {
        Response r = kit().client().execute(Request.put(redirectTo("/anything", status), Body.text("kept body")));
        JsonNode echo = kit().json(r);
        assertThat(echo.get("method").asText()).as("method after %d", status).isEqualTo("PUT");
        assertThat(echo.get("data").asText()).as("body after %d", status).isEqualTo("kept body");
    }

    @Test
    default void authorizationIsDroppedWhenTheHostChanges() {
        String other = kit().server().httpUrlOtherHost() + "/headers";
        Response r = kit().client().execute(Request.builder(kit().url("/redirect-to?url=" + enc(other)))
                .basicAuth("user", "secret").build());
        assertThat(r.url().getHost()).as("final host").isEqualTo("localhost");
        assertThat(Kit.echoedHeader(kit().json(r), "Authorization")).as("Authorization at the other host").isNull();

        Session session = kit().client().newSession().basicAuth("user", "secret").build();
        Response viaSession = session.execute(Request.get(kit().url("/redirect-to?url=" + enc(other))));
        assertThat(Kit.echoedHeader(kit().json(viaSession), "Authorization"))
                .as("session Authorization at the other host").isNull();
    }

    @Test
    default void authorizationIsKeptOnTheSameHost() {
        Response r = kit().client().execute(Request.builder(kit().httpbin("/redirect-to?url=" + enc("/headers")))
                .basicAuth("user", "secret").build());
        assertThat(Kit.echoedHeader(kit().json(r), "Authorization")).as("Authorization on the same host")
                .startsWith("Basic ");
    }

    @Test
    default void cookiesAreDroppedWhenTheHostChanges() {
        String other = kit().server().httpUrlOtherHost() + "/cookies";
        Session session = kit().client().newSession().build();
        session.execute(Request.get(kit().url("/cookies/set?jar=1")));
        Response r = session.execute(Request.builder(kit().url("/redirect-to?url=" + enc(other)))
                .header("Cookie", "own=2").build());
        assertThat(kit().json(r).get("cookies").size()).as("cookies sent to the other host: %s", kit().json(r))
                .isZero();
    }

    @Test
    default void cookiesAreKeptOnTheSameHost() {
        Session session = kit().client().newSession().build();
        session.execute(Request.get(kit().httpbin("/cookies/set?jar=1")));
        Response r = session.execute(Request.builder(kit().httpbin("/redirect-to?url=" + enc("/cookies")))
                .header("Cookie", "own=2").build());
        JsonNode cookies = kit().json(r).get("cookies");
        assertThat(cookies.path("jar").asText()).as("jar cookie on the same host").isEqualTo("1");
        assertThat(cookies.path("own").asText()).as("request's own Cookie on the same host").isEqualTo("2");
    }

    @Test
    default void redirectsCanBeLeftUnfollowed() {
        Response r = kit().client().execute(Request.builder(kit().httpbin("/redirect/1")).followRedirects(false).build());
        assertThat(r.status()).as("status").isEqualTo(302);
        assertThat(r.header("Location")).as("Location").isEqualTo("/get");
        assertThat(r.history()).as("history").isEmpty();
        Salvo noFollow = kit().client(b -> b.followRedirects(false));
        assertThat(noFollow.execute(Request.get(kit().httpbin("/redirect/1"))).status())
                .as("status with followRedirects(false) on the client").isEqualTo(302);
    }

    private String redirectTo(String target, int status) {
        return kit().httpbin("/redirect-to?status_code=" + status + "&url=" + enc(target));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
