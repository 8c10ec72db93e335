package dev.salvo;

import java.time.Duration;
import java.util.Objects;

/**
 * How a batch runs: size (requests in flight, overall and per host), deadline, retries, error
 * handler, listener. An immutable value: each setting has one name, taking a value to return a
 * changed copy ({@code perHost(4)}) and taking none to read it ({@code perHost()}), so
 * {@code Batch.size(64).deadline(Duration.ofSeconds(30))} reads left to right. The size alone is
 * set with {@link #withSize(int)} on a copy, since {@link #size(int)} starts a new batch.
 *
 * <p>The default concurrency is {@value #DEFAULT_SIZE} requests in flight, like aiohttp's and
 * httpx's pools. Unbounded concurrency is available only by asking for it with
 * {@link #unbounded()}.
 */
public final class Batch {
    /** Requests in flight when no size is given. */
    public static final int DEFAULT_SIZE = 100;

    private static final Batch DEFAULTS = new Batch(DEFAULT_SIZE, Integer.MAX_VALUE, null, null, null, false, null, -1);

    private final int size;
    private final int perHost;
    private final Duration deadline;
    private final ErrorHandler onError;
    private final BatchListener listener;
    private final boolean stream;
    private final Retry retry;
    private final int retryBudget;

    private Batch(int size, int perHost, Duration deadline, ErrorHandler onError, BatchListener listener, boolean stream,
                  Retry retry, int retryBudget) {
        this.size = size;
        this.perHost = perHost;
        this.deadline = deadline;
        this.onError = onError;
        this.listener = listener;
        this.stream = stream;
        this.retry = retry;
        this.retryBudget = retryBudget;
    }

    /** Default settings: {@value #DEFAULT_SIZE} in flight, no deadline, no handler. */
    public static Batch defaults() {
        return DEFAULTS;
    }

    /**
     * A new batch of default settings with at most {@code size} requests in flight at once. Being
     * static, it starts afresh even when called on a batch: to change a batch's size, use
     * {@link #withSize(int)}.
     */
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
        return new Batch(size, perHost, deadline, onError, listener, stream, retry, retryBudget);
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
        return new Batch(size, perHost, deadline, onError, listener, stream, retry, retryBudget);
    }

    /** A copy with grequests' exception handler. */
    public Batch onError(ErrorHandler handler) {
        return new Batch(size, perHost, deadline, Objects.requireNonNull(handler, "onError"), listener, stream, retry, retryBudget);
    }

    /** A copy with a progress listener. */
    public Batch listener(BatchListener listener) {
        return new Batch(size, perHost, deadline, onError, Objects.requireNonNull(listener, "listener"), stream, retry, retryBudget);
    }

    /** A copy in which every response is streamed rather than buffered (each must be closed). */
    public Batch stream(boolean stream) {
        return new Batch(size, perHost, deadline, onError, listener, stream, retry, retryBudget);
    }

    /**
     * A copy with at most {@code perHost} of its requests in flight to any one host (host name
     * and port of the request's URL) at once, under the overall size. Requests for a busy host
     * wait, in order, while others go ahead; the batch holds at most twice its size of requests
     * taken from the input and not yet handed back.
     */
    public Batch perHost(int perHost) {
        if (perHost < 1) {
            throw new IllegalArgumentException("perHost: must be >= 1, got " + perHost);
        }
        return new Batch(size, perHost, deadline, onError, listener, stream, retry, retryBudget);
    }

    /** A copy whose requests retry by {@code retry}, unless a request sets its own policy. */
    public Batch retry(Retry retry) {
        return new Batch(size, perHost, deadline, onError, listener, stream, Objects.requireNonNull(retry, "retry"),
                retryBudget);
    }

    /**
     * A copy that makes at most {@code retries} retries in all, across its requests, so that a
     * failing API is not hammered: once they are spent, a failing attempt ends its request.
     */
    public Batch retryBudget(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retryBudget: must be >= 0, got " + retries);
        }
        return new Batch(size, perHost, deadline, onError, listener, stream, retry, retries);
    }

    /** The most requests in flight; {@link Integer#MAX_VALUE} when {@link #unbounded()}. */
    public int size() {
        return size;
    }

    /** The deadline, or null. */
    public Duration deadline() {
        return deadline;
    }

    /** The error handler, or null. */
    public ErrorHandler onError() {
        return onError;
    }

    /** The listener, or null. */
    public BatchListener listener() {
        return listener;
    }

    /** Whether every response is streamed rather than buffered. */
    public boolean stream() {
        return stream;
    }

    /** The most requests in flight to one host; {@link Integer#MAX_VALUE} when only the size limits them. */
    public int perHost() {
        return perHost;
    }

    /** The batch's retry policy, or null to use the session's or client's. */
    public Retry retry() {
        return retry;
    }

    /** Retries the batch may make in all, or -1 for no budget. */
    public int retryBudget() {
        return retryBudget;
    }

    /**
     * The most requests in flight.
     *
     * @deprecated use {@link #size()}
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public int concurrency() {
        return size();
    }

    /**
     * The error handler, or null.
     *
     * @deprecated use {@link #onError()}
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public ErrorHandler errorHandler() {
        return onError();
    }

    /**
     * The listener, or null.
     *
     * @deprecated use {@link #listener()}
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public BatchListener batchListener() {
        return listener();
    }

    /**
     * Whether responses are streamed.
     *
     * @deprecated use {@link #stream()}
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public boolean streaming() {
        return stream();
    }

    /**
     * The per-host limit.
     *
     * @deprecated use {@link #perHost()}
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public int perHostLimit() {
        return perHost();
    }

    /**
     * The batch's retry policy, or null.
     *
     * @deprecated use {@link #retry()}
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public Retry retryPolicy() {
        return retry();
    }

    /**
     * The retry budget, or -1.
     *
     * @deprecated use {@link #retryBudget()}
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public int retryBudgetLimit() {
        return retryBudget();
    }

    @Override
    public String toString() {
        return "Batch[size=" + (size == Integer.MAX_VALUE ? "unbounded" : size)
                + (perHost == Integer.MAX_VALUE ? "" : ", perHost=" + perHost) + ", deadline=" + deadline
                + (retry == null ? "" : ", " + retry) + (retryBudget < 0 ? "" : ", retryBudget=" + retryBudget) + "]";
    }
}
