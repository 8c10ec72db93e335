package dev.salvo.conformance.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for a transport's exchanges and reading what the test server sent back.
 *
 * <p>Every wait is bounded ({@value #WAIT_SECONDS} s). Failures are {@link AssertionError}s saying
 * what happened: an exchange that failed where a response was expected (its cause attached), one
 * that succeeded where a failure was expected, one that did not complete in time (or whose wait was
 * interrupted), a failure that is not a {@link SalvoException}, a body that is not JSON.
 */
public final class Exchanges {
    /** How long each wait lasts at most, in seconds. */
    public static final int WAIT_SECONDS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Exchanges() {
    }

    /** Waits for {@code f} and returns its result; fails if it fails or does not complete in time. */
    public static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("exchange failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("exchange did not complete: " + e, e);
        }
    }

    /** Waits for {@code f} to fail and returns its {@link SalvoException}; fails if it succeeds or fails otherwise. */
    public static SalvoException failure(CompletableFuture<?> f) {
        try {
            Object r = f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return fail("expected a failure, got " + r);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SalvoException.class);
            return (SalvoException) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("exchange did not complete: " + e, e);
        }
    }

    /** The type of {@link #failure(CompletableFuture)}. */
    public static ErrorType failureType(CompletableFuture<?> f) {
        return failure(f).type();
    }

    /** The (buffered) response body parsed as JSON; fails, showing the body, if it is not JSON. */
    public static JsonNode json(TransportResponse r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(r.body(), StandardCharsets.UTF_8), e);
        }
    }

    /**
     * A request header as the server echoed it (httpbin's {@code headers} object), looked up ignoring
     * case; null if absent (or if {@code echo} has no {@code headers}).
     */
    public static String echoedHeader(JsonNode echo, String name) {
        JsonNode headers = echo.path("headers");
        for (Iterator<String> it = headers.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (n.equalsIgnoreCase(name)) {
                return headers.get(n).asText();
            }
        }
        return null;
    }

    /** The test server's id of the connection that carried {@code r} ({@code X-Salvo-Connection}); null if absent. */
    public static String connectionId(TransportResponse r) {
        return r.headers().firstOrNull("X-Salvo-Connection");
    }
}
