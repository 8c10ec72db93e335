package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.SalvoException;
import org.junit.jupiter.api.Test;

/** Contract item 16: gzip and deflate are decoded by core, with caps on raw and decoded sizes. */
public interface CompressionTests extends KitContext {

    @Test
    default void gzipIsDecoded() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/gzip")));
        assertThat(kit().json(r).get("gzipped").asBoolean()).as("gzipped flag in the decoded body").isTrue();
    }

    @Test
    default void gzipReachesCoreUndecoded() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/gzip")));
        assertThat(r.header("Content-Encoding")).as("Content-Encoding of /gzip after decoding: core keeps it, so it is"
                + " gone only if the transport decompressed, which only core may (with its caps)").isEqualTo("gzip");
        assertThat(kit().json(r).get("gzipped").asBoolean()).as("gzipped flag in the decoded body").isTrue();
    }

    @Test
    default void deflateIsDecoded() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/deflate")));
        assertThat(kit().json(r).get("deflated").asBoolean()).as("deflated flag in the decoded body").isTrue();
    }

    @Test
    default void headOfAGzipResourceIsEmptyNotAnError() {
        Response r = kit().client().execute(Request.head(kit().httpbin("/gzip")));
        assertThat(r.status()).as("status of HEAD /gzip").isEqualTo(200);
        assertThat(r.body()).as("body of HEAD /gzip").isEmpty();
    }

    @Test
    default void rawDeflateIsDecoded() {
        Response r = kit().client().execute(Request.get(kit().url("/salvo/deflate-raw")));
        assertThat(r.header("Content-Encoding")).as("Content-Encoding").isEqualTo("deflate");
        assertThat(kit().json(r).get("deflated").asBoolean()).as("deflated flag in the decoded body").isTrue();
    }

    @Test
    default void userAcceptEncodingIdentityGetsTheRawBody() {
        Response r = kit().client().execute(Request.builder(kit().httpbin("/headers"))
                .setHeader("Accept-Encoding", "identity").build());
        assertThat(Kit.echoedHeader(kit().json(r), "Accept-Encoding")).as("Accept-Encoding sent").isEqualTo("identity");
    }

    @Test
    default void decompressedSizeIsCapped() {
        long cap = 1L << 20;
        Salvo client = kit().client(b -> b.maxDecompressedBodySize(cap));
        SalvoException e = Kit.expectFailure(ErrorType.BODY_TOO_LARGE,
                () -> client.execute(Request.get(kit().url("/salvo/gzip-bomb?size=" + (64L << 20)))));
        assertThat(e.getMessage()).as("message names the cap").contains(String.valueOf(cap));
        Response small = client.execute(Request.get(kit().url("/salvo/gzip-bomb?size=" + (cap / 2))));
        assertThat(small.body().length).as("decoded size of a bomb under the cap").isEqualTo((int) (cap / 2));
    }

    @Test
    default void rawBodySizeIsCapped() {
        Salvo client = kit().client(b -> b.maxResponseBodySize(64 * 1024));
        Kit.expectFailure(ErrorType.BODY_TOO_LARGE, () -> client.execute(Request.get(kit().httpbin("/bytes/1048576"))));
        assertThat(client.execute(Request.get(kit().httpbin("/bytes/65536"))).body().length)
                .as("body exactly at the cap").isEqualTo(65536);
    }
}
