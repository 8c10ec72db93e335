package dev.salvo;

/**
 * Progress events of a batch. Every method has an empty default; override what you need.
 *
 * <p>All events of one batch are delivered on the one thread that consumes the batch (the caller
 * of {@code map}, or the thread iterating an {@code imap} stream), one at a time and never on a
 * transport's I/O thread, so a listener needs no locking of its own. A listener that throws
 * fails the batch call with that exception.
 */
public interface BatchListener {

    /** The request was taken from the input. */
    default void onSubmitted(long index, Request request) {
    }

    /** The request was handed to the transport (a concurrency slot was free). */
    default void onStarted(long index, Request request) {
    }

    /**
     * Attempt number {@code attempt} (1 for the first) failed with {@code cause} and the request
     * will be tried again after its backoff. For a retried status the cause is an
     * {@link ErrorType#HTTP_STATUS} exception carrying the response's head.
     */
    default void onRetried(long index, Request request, int attempt, SalvoException cause) {
    }

    /** The request ended with a response. */
    default void onSucceeded(long index, Request request, Response response) {
    }

    /** The request ended with an error. */
    default void onFailed(long index, Request request, SalvoException error) {
    }

    /** Response body bytes received (after decompression) by a finished request. */
    default void onBytes(long bytes) {
    }
}
