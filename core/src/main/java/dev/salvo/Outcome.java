package dev.salvo;

/**
 * The typed result of one request in a batch: a {@link Success} with its response or a
 * {@link Failure} with its error, with the request's position in the input. Nothing is ever
 * dropped: every request of a batch ends as exactly one outcome.
 */
public sealed interface Outcome permits Outcome.Success, Outcome.Failure {

    /** The request's position in the batch input, counting from 0. */
    long index();

    /** The request as the user built it. */
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

    /** A request that got a response (of any status). */
    record Success(long index, Request request, Response response) implements Outcome {
    }

    /** A request that failed. */
    record Failure(long index, Request request, SalvoException error) implements Outcome {
    }
}
