package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.salvo.Batch;
import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Salvo;
import dev.salvo.SalvoConfig;
import dev.salvo.testserver.Stats;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Contract item 1: bad input fails when the request (or batch, or client) is built or called,
 * with an {@link IllegalArgumentException} naming the field, and nothing reaches the server. The
 * embedded server is only a witness here; these tests need no httpbin.
 */
public interface BadInputTests extends KitContext {

    @Test
    default void malformedUrlIsRejected() {
        rejected("url", () -> Request.get(base() + "/has space"));
        rejected("url", () -> Request.get("http://[not-an-ip/"));
        rejected("url", () -> Request.get(""));
    }

    @Test
    default void unsupportedSchemeIsRejected() {
        rejected("scheme", () -> Request.get("ftp://127.0.0.1/file"));
        rejected("scheme", () -> Request.get("file:///etc/passwd"));
    }

    @Test
    default void crOrLfInAHeaderValueIsRejected() {
        rejected("X-Kit", () -> Request.builder(base() + "/get").header("X-Kit", "a\r\nX-Injected: 1").build());
        rejected("X-Kit", () -> Request.builder(base() + "/get").header("X-Kit", "a\nb").build());
        rejected("X-Kit", () -> Request.builder(base() + "/get").header("X-Kit", "nul\0").build());
    }

    /** Stacks disagree on non-ASCII header values (sent as Latin-1, as '?', or refused), so none is sent. */
    @Test
    default void nonAsciiHeaderValueIsRejected() {
        rejected("X-Latin", () -> Request.builder(base() + "/get").header("X-Latin", "café").build());
        rejected("X-Latin", () -> kit().client().newSession().header("X-Latin", "café").build());
        rejected("X-Latin", () -> SalvoConfig.builder().header("X-Latin", "café").build());
    }

    @Test
    default void crOrLfInAHeaderNameIsRejected() {
        rejected("header name", () -> Request.builder(base() + "/get").header("X-Kit\r\nX-Injected", "1").build());
    }

    @Test
    default void illegalHeaderNameCharacterIsRejected() {
        rejected("header name", () -> Request.builder(base() + "/get").header("X Kit", "1").build());
        rejected("header name", () -> Request.builder(base() + "/get").header("X:Kit", "1").build());
        rejected("header name", () -> Request.builder(base() + "/get").header("", "1").build());
        rejected("method", () -> Request.builder("GE T", base() + "/get").build());
    }

    @Test
    default void negativeOrZeroDurationsAreRejected() {
        rejected("timeout", () -> Request.builder(base() + "/get").timeout(Duration.ofMillis(-1)).build());
        rejected("timeout", () -> Request.builder(base() + "/get").timeout(Duration.ZERO).build());
        rejected("readTimeout", () -> Request.builder(base() + "/get").readTimeout(Duration.ofSeconds(-5)).build());
        rejected("connectTimeout", () -> Request.builder(base() + "/get").connectTimeout(Duration.ZERO).build());
        rejected("readTimeout", () -> SalvoConfig.builder().readTimeout(Duration.ZERO));
        rejected("deadline", () -> Batch.size(4).deadline(Duration.ofMillis(-10)));
    }

    @Test
    default void negativeSizesAreRejected() {
        rejected("maxResponseBodySize", () -> SalvoConfig.builder().maxResponseBodySize(-1));
        rejected("maxRedirects", () -> Request.builder(base() + "/get").maxRedirects(-1));
    }

    @Test
    default void batchSizeZeroIsRejected() {
        rejected("size", () -> Batch.size(0));
        rejected("size", () -> Batch.defaults().withSize(-3));
    }

    @Test
    default void nullRequestInAMapListIsRejected() {
        Salvo client = kit().client();
        List<Request> reqs = Arrays.asList(Request.get(base() + "/get"), null, Request.get(base() + "/get"));
        rejected("requests[1]", () -> client.map(reqs, Batch.size(3)));
        rejected("requests[1]", () -> client.mapOutcomes(reqs, Batch.size(3)));
    }

    @Test
    default void relativeUrlWithoutASessionIsRejected() {
        Salvo client = kit().client();
        rejected("relative", () -> client.map(List.of(Request.get("/get")), Batch.size(1)));
        Stats stats = kit().witness().stats();
        long before = stats.requestsReceived();
        Kit.expectFailure(ErrorType.INVALID_REQUEST, () -> client.execute(Request.get("/get")));
        assertThat(stats.requestsReceived() - before).as("requests the server received").isZero();
    }

    @Test
    default void credentialsInTheUrlAreRejected() {
        rejected("basicAuth", () -> Request.get("http://user:pw@127.0.0.1/get"));
    }

    private String base() {
        return kit().witness().httpUrl().toString();
    }

    /** {@code action} throws an IllegalArgumentException mentioning {@code field}; the server receives nothing. */
    private void rejected(String field, Executable action) {
        Stats stats = kit().witness().stats();
        long before = stats.requestsReceived();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                action, "bad " + field);
        assertThat(e.getMessage()).as("message of the IllegalArgumentException for bad %s", field).contains(field);
        assertThat(stats.requestsReceived() - before).as("requests the server received").isZero();
    }
}
