package dev.salvo;

import java.time.Duration;
import java.util.Objects;

/**
 * How a batch runs: concurrency, deadline, error handler, listener. An immutable value; every
 * method returns a changed copy, so {@code Batch.size(64).deadline(Duration.ofSeconds(30))}
 * reads left to right.
 *
 * <p>The default concurrency is {@value #DEFAULT_SIZE} requests in flight, like aiohttp's and
 * httpx's pools. Unbounded concurrency is available only by asking for it with
 * {@link #unbounded()}.
 */
public final class Batch {
    /** Requests in flight when no size is given. */
    public static final int DEFAULT_SIZE = 100;

    private static final Batch DEFAULTS = new Batch(DEFAULT_SIZE, null, null, null, false);

    private final int size;
    private final Duration deadline;
    private final ErrorHandler onError;
    private final BatchListener listener;
    private final boolean stream;

    private Batch(int size, Duration deadline, ErrorHandler onError, BatchListener listener, boolean stream) {
        this.size = size;
        this.deadline = deadline;
        this.onError = onError;
        this.listener = listener;
        this.stream = stream;
    }

    /** Default settings: {@value #DEFAULT_SIZE} in flight, no deadline, no handler. */
    public static Batch defaults() {
        return DEFAULTS;
    }

    /** At most {@code size} requests in flight at once. */
    public static Batch size(int size) {
        return DEFAULTS.withSize(size);
    }

    /** No limit on requests in flight: every input request is started at once. Use with care. */
    public static Batch unbounded() {
        return DEFAULTS.withSize(Integer.MAX_VALUE);
    }

    /** A copy with at most {@code size} requests in flight. */
    public Batch withSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size: must be >= 1, got " + size + " (use Batch.unbounded() for no limit)");
        }
        return new Batch(size, deadline, onError, listener, stream);
    }

    /**
     * A copy with a deadline for the whole batch, counted from the start of the call: when it
     * passes, every unfinished request is cancelled (its connection closed) and ends with
     * {@link ErrorType#DEADLINE_EXCEEDED}; no further input is taken.
     */
    public Batch deadline(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline: must be positive, got " + deadline);
        }
        return new Batch(size, deadline, onError, listener, stream);
    }

    /** A copy with grequests' exception handler. */
    public Batch onError(ErrorHandler handler) {
        return new Batch(size, deadline, Objects.requireNonNull(handler, "onError"), listener, stream);
    }

    /** A copy with a progress listener. */
    public Batch listener(BatchListener listener) {
        return new Batch(size, deadline, onError, Objects.requireNonNull(listener, "listener"), stream);
    }

    /** A copy in which every response is streamed rather than buffered (each must be closed). */
    public Batch stream(boolean stream) {
        return new Batch(size, deadline, onError, listener, stream);
    }

    /** The maximum requests in flight; {@link Integer#MAX_VALUE} when unbounded. */
    public int concurrency() {
        return size;
    }

    /** The deadline, or null. */
    public Duration deadline() {
        return deadline;
    }

    /** The error handler, or null. */
    public ErrorHandler errorHandler() {
        return onError;
    }

    /** The listener, or null. */
    public BatchListener batchListener() {
        return listener;
    }

    public boolean streaming() {
        return stream;
    }

    @Override
    public String toString() {
        return "Batch[size=" + (size == Integer.MAX_VALUE ? "unbounded" : size) + ", deadline=" + deadline + "]";
    }
}
