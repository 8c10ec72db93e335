package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.SalvoException;
import dev.salvo.spi.Capability;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Contract item 3: any status is a response; raise-for-status is asked for; reason phrases. */
public interface StatusTests extends KitContext {

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {200, 201, 202, 204, 400, 401, 403, 404, 418, 429, 500, 502, 503})
    default void everyStatusIsAResponseNotAnError(int status) {
        Response r = kit().client().execute(Request.get(kit().httpbin("/status/" + status)));
        assertThat(r.status()).as("status of /status/%d", status).isEqualTo(status);
        assertThat(r.isSuccessful()).as("isSuccessful for %d", status).isEqualTo(status < 300);
    }

    @Test
    default void noContentHasAnEmptyBody() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/status/204")));
        assertThat(r.body()).as("204 body").isEmpty();
    }

    @Test
    default void raiseForStatusFailsWithTheResponse() {
        Response r = kit().client().execute(Request.get(kit().httpbin("/status/503")));
        SalvoException e = Kit.expectFailure(ErrorType.HTTP_STATUS, r::raiseForStatus);
        assertThat(e.response()).as("response carried by the exception").isSameAs(r);
        assertThat(e.response().status()).as("its status").isEqualTo(503);
        Response notFound = kit().client().execute(Request.get(kit().httpbin("/status/404")));
        assertThat(Kit.expectFailure(ErrorType.HTTP_STATUS, notFound::raiseForStatus).response().status())
                .as("status of the 4xx exception").isEqualTo(404);
    }

    @Test
    default void raiseForStatusPassesSuccessAndRedirectStatuses() {
        Response ok = kit().client().execute(Request.get(kit().httpbin("/status/201")));
        assertThat(ok.raiseForStatus()).as("raiseForStatus of 201").isSameAs(ok);
        Response redirect = kit().client().execute(Request.builder(kit().httpbin("/status/302"))
                .followRedirects(false).build());
        assertThat(redirect.raiseForStatus().status()).as("raiseForStatus of an unfollowed 302").isEqualTo(302);
    }

    @Test
    default void commonReasonPhrasesAreStandard() {
        assertThat(kit().client().execute(Request.get(kit().httpbin("/status/404"))).reason())
                .as("reason of 404").isEqualTo("Not Found");
        assertThat(kit().client().execute(Request.get(kit().httpbin("/get"))).reason())
                .as("reason of 200").isEqualTo("OK");
    }

    /**
     * The test server says "Unprocessable Entity" for 422, where RFC 9110 says "Unprocessable
     * Content": a transport that exposes the phrase must give the server's, one that cannot must
     * give the standard one.
     */
    @Test
    default void reasonPhraseIsTheServersOnlyWithTheCapability() {
        String url = kit().url("/status/422");
        String sent = rawReasonPhrase(URI.create(url));
        Response r = kit().client().execute(Request.get(url));
        if (kit().capabilities().contains(Capability.REASON_PHRASE)) {
            assertThat(r.reason()).as("reason phrase (transport declares REASON_PHRASE)").isEqualTo(sent);
        } else {
            assertThat(r.reason()).as("standard reason phrase (transport hides the server's '%s')", sent)
                    .isEqualTo("Unprocessable Content");
        }
    }

    /** The reason phrase exactly as the server writes it on the wire. */
    private static String rawReasonPhrase(URI uri) {
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getAuthority()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            String[] parts = line.split(" ", 3);
            return parts.length == 3 ? parts[2] : "";
        } catch (IOException e) {
            throw new UncheckedIOException("reading the raw status line of " + uri, e);
        }
    }
}
