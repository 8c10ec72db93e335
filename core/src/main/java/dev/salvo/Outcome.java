package dev.salvo;

import java.util.Objects;

/**
 * The typed result of one request in a batch: a {@link Success} with its response or a
 * {@link Failure} with its error, with the request's position in the input. Nothing is ever
 * dropped: every request of a batch ends as exactly one outcome.
 */
public sealed interface Outcome permits Outcome.Success, Outcome.Failure {

    /** The request's position in the batch input, counting from 0. */
    long index();

    /** The request as the user built it; null only for a failure whose input element was null. */
    Request request();

    default boolean isSuccess() {
        return this instanceof Success;
    }

    /** The response, or null for a failure. */
    default Response responseOrNull() {
        return this instanceof Success s ? s.response() : null;
    }

    /** The error, or null for a success. */
    default SalvoException errorOrNull() {
        return this instanceof Failure f ? f.error() : null;
    }

    /**
     * A request that got a response (of any status).
     *
     * @param index    the request's position in the input, from 0
     * @param request  the request
     * @param response its response
     */
    record Success(long index, Request request, Response response) implements Outcome {
        public Success {
            checkIndex(index);
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * A request that failed.
     *
     * @param index   the request's position in the input, from 0
     * @param request the request, or null when the input held null at {@code index}
     * @param error   why it failed
     */
    record Failure(long index, Request request, SalvoException error) implements Outcome {
        public Failure {
            checkIndex(index);
            Objects.requireNonNull(error, "error");
        }
    }

    private static void checkIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("outcome index: must be >= 0, got " + index);
        }
    }
}
