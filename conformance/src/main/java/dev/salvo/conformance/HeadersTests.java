package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.spi.Capability;
import org.junit.jupiter.api.Test;

/** Request headers on the wire, response headers as a case-insensitive multimap, User-Agent and Host. */
public interface HeadersTests extends KitContext {

    @Test
    default void customHeadersArrive() {
        Request r = Request.builder(kit().httpbin("/headers"))
                .header("X-Kit-One", "1").header("X-Kit-Text", "with spaces, and; punctuation").build();
        JsonNode echo = kit().json(kit().client().execute(r));
        assertThat(Kit.echoedHeader(echo, "X-Kit-One")).as("X-Kit-One").isEqualTo("1");
        assertThat(Kit.echoedHeader(echo, "X-Kit-Text")).as("X-Kit-Text").isEqualTo("with spaces, and; punctuation");
    }

    @Test
    default void repeatedRequestHeaderSendsEveryValue() {
        Request r = Request.builder(kit().httpbin("/headers")).header("X-Multi", "a").header("X-Multi", "b").build();
        String echoed = Kit.echoedHeader(kit().json(kit().client().execute(r)), "X-Multi");
        assertThat(echoed).as("X-Multi as the server joined its values").isIn("a,b", "a, b");
    }

    @Test
    default void multiValuedResponseHeadersAreAllKept() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/response-headers?X-Multi=one&X-Multi=two&X-Single=s")));
        assertThat(r.headers().all("X-Multi")).as("values of X-Multi").containsExactly("one", "two");
        assertThat(r.headers().all("X-Single")).as("values of X-Single").containsExactly("s");
    }

    @Test
    default void responseHeaderLookupIgnoresCase() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/response-headers?X-Mixed-Case=v")));
        assertThat(r.header("x-mixed-case")).as("lower-case lookup").isEqualTo("v");
        assertThat(r.header("X-MIXED-CASE")).as("upper-case lookup").isEqualTo("v");
        assertThat(r.header("content-type")).as("content-type").isEqualTo(r.header("Content-Type")).isNotNull();
    }

    @Test
    default void emptyResponseHeaderValueIsKept() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/response-headers?X-Empty=&X-Full=1")));
        assertThat(r.headers().contains("X-Empty")).as("X-Empty present (%s)", r.headers()).isTrue();
        assertThat(r.header("X-Empty")).as("X-Empty value").isEmpty();
    }

    @Test
    default void defaultUserAgentIsSalvos() {
        JsonNode echo = kit().json(kit().client().execute(Request.get(kit().httpbin("/headers"))));
        assertThat(Kit.echoedHeader(echo, "User-Agent")).as("default User-Agent").startsWith("salvo/");
    }

    @Test
    default void userAgentCanBeOverridden() {
        var client = kit().client(b -> b.userAgent("kit-client/1.0"));
        JsonNode byClient = kit().json(client.execute(Request.get(kit().httpbin("/headers"))));
        assertThat(Kit.echoedHeader(byClient, "User-Agent")).as("client-level User-Agent").isEqualTo("kit-client/1.0");
        JsonNode byRequest = kit().json(client.execute(Request.builder(kit().httpbin("/headers"))
                .setHeader("User-Agent", "kit-request/2.0").build()));
        assertThat(Kit.echoedHeader(byRequest, "User-Agent")).as("request-level User-Agent").isEqualTo("kit-request/2.0");
    }

    @Test
    default void acceptEncodingIsCoresAndNotTheStacks() {
        JsonNode echo = kit().json(kit().client().execute(Request.get(kit().httpbin("/headers"))));
        assertThat(Kit.echoedHeader(echo, "Accept-Encoding")).as("Accept-Encoding").isEqualTo("gzip, deflate");
    }

    @Test
    default void hostHeaderCanBeOverridden() {
        kit().requires(Capability.HOST_OVERRIDE);
        JsonNode echo = kit().json(kit().client().execute(Request.builder(kit().httpbin("/headers"))
                .setHeader("Host", "virtual.example.test").build()));
        assertThat(Kit.echoedHeader(echo, "Host")).as("Host the server saw").isEqualTo("virtual.example.test");
    }

    @Test
    default void hostHeaderMatchesTheUrlByDefault() {
        Request r = Request.get(kit().httpbin("/headers"));
        JsonNode echo = kit().json(kit().client().execute(r));
        String authority = r.uri().getAuthority();
        assertThat(Kit.echoedHeader(echo, "Host")).as("Host header").isIn(authority, r.uri().getHost());
    }
}
