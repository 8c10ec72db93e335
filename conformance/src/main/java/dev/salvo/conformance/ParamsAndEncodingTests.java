package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salvo.Request;
import dev.salvo.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Query parameters on the wire, and text decoded by the response's charset. */
public interface ParamsAndEncodingTests extends KitContext {

    @Test
    default void queryParamsAreEncoded() {
        Request r = Request.builder(kit().httpbin("/get"))
                .param("space", "a b").param("unicode", "ünï €").param("amp", "x&y").param("eq", "k=v")
                .param("plus", "1+1").build();
        JsonNode args = kit().json(kit().client().execute(r)).get("args");
        assertThat(args.path("space").asText()).as("args.space").isEqualTo("a b");
        assertThat(args.path("unicode").asText()).as("args.unicode").isEqualTo("ünï €");
        assertThat(args.path("amp").asText()).as("args.amp").isEqualTo("x&y");
        assertThat(args.path("eq").asText()).as("args.eq").isEqualTo("k=v");
        assertThat(args.path("plus").asText()).as("args.plus").isEqualTo("1+1");
        assertThat(args.size()).as("number of args (none split apart)").isEqualTo(5);
    }

    @Test
    default void paramsMergeWithTheQueryInTheUrl() {
        Request r = Request.builder(kit().httpbin("/get?x=1&y=two")).param("z", "3").build();
        JsonNode args = kit().json(kit().client().execute(r)).get("args");
        assertThat(args.path("x").asText()).as("args.x from the URL").isEqualTo("1");
        assertThat(args.path("y").asText()).as("args.y from the URL").isEqualTo("two");
        assertThat(args.path("z").asText()).as("args.z from param()").isEqualTo("3");
    }

    @Test
    default void repeatedParamsKeepTheirOrder() {
        Request r = Request.builder(kit().httpbin("/get")).param("a", "1").param("a", "2").param("a", "3").build();
        JsonNode a = kit().json(kit().client().execute(r)).get("args").get("a");
        assertThat(a.isArray()).as("args.a is a list: %s", a).isTrue();
        assertThat(a.toString()).as("args.a").isEqualTo("[\"1\",\"2\",\"3\"]");
    }

    @Test
    default void responseUrlCarriesTheEncodedQuery() {
        Request r = Request.builder(kit().httpbin("/get")).param("q", "a b&c").build();
        Response resp = kit().client().execute(r);
        assertThat(resp.url().getRawQuery()).as("raw query of the response URL").isEqualTo("q=a+b%26c");
        assertThat(resp.request()).as("originating request").isSameAs(r);
    }

    @Test
    default void nonAsciiPathIsSentPercentEncoded() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/anything/caf%C3%A9/ü")));
        String echoed = kit().json(r).get("url").asText();
        assertThat(echoed).as("URL the server saw").endsWith("/anything/caf%C3%A9/%C3%BC");
    }

    @Test
    default void fragmentIsNotSent() {
        Response r = kit().client().execute(Request.builder(kit().httpbin("/anything?a=1#section")).param("b", "2").build());
        String echoed = kit().json(r).get("url").asText();
        assertThat(echoed).as("URL the server saw").doesNotContain("#").doesNotContain("section").endsWith("?a=1&b=2");
    }

    @Test
    default void longQueryArrivesWhole() {
        String value = "v".repeat(16 * 1024);
        JsonNode args = kit().json(kit().client().execute(Request.builder(kit().httpbin("/get"))
                .param("long", value).build())).get("args");
        assertThat(args.path("long").asText().length()).as("length of a 16 KiB query value").isEqualTo(value.length());
    }

    @Test
    default void textIsDecodedByTheContentTypeCharset() {
        String text = "façade – naïve";
        String latin1 = "façade naïve";
        Response r = kit().client().execute(Request.get(kit().url("/salvo/text?charset=ISO-8859-1&text="
                + URLEncoder.encode(latin1, StandardCharsets.UTF_8))));
        assertThat(r.charset()).as("charset from Content-Type %s", r.header("Content-Type"))
                .isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(r.body().length).as("ISO-8859-1 body length (one byte per char)").isEqualTo(latin1.length());
        assertThat(r.text()).as("decoded text").isEqualTo(latin1);

        Response utf8 = kit().client().execute(Request.get(kit().url("/salvo/text?charset=UTF-8&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8))));
        assertThat(utf8.text()).as("UTF-8 text").isEqualTo(text);
    }

    @Test
    default void textWithoutCharsetIsUtf8() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/anything?v=%C3%BC")));
        assertThat(kit().json(r).get("args").get("v").asText()).as("args.v").isEqualTo("ü");
        assertThat(r.text()).as("JSON text decoded as UTF-8").contains("ü");
    }
}
