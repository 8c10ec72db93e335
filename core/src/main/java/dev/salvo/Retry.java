package dev.salvo;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * When and how a request is tried again: an immutable policy, set on a client
 * ({@link SalvoConfig.Settings#retry}), a session, a batch ({@link Batch#retry}) or one request
 * ({@link Request.Builder#retry}); the most specific one applies.
 *
 * <p>An attempt is retried when its response has one of the {@linkplain #statuses() statuses}
 * (by default 429, 500, 502, 503 and 504) or it failed with one of the
 * {@linkplain #errorTypes() error types} (by default connect refused, connect timeout, read
 * timeout, attempt timeout and connection reset), and attempts remain. Before retry <em>n</em>
 * Salvo waits a random time between zero and {@code min(maxDelay, baseDelay × 2^(n-1))} ("full
 * jitter"), or what the response's {@code Retry-After} asks (seconds or an HTTP date). A
 * {@code Retry-After} longer than {@linkplain #retryAfterCap() its cap} ends the retries: the
 * response is returned as it is rather than retried sooner than the server allows.
 *
 * <p>Only idempotent methods (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) are retried unless
 * {@link Builder#retryNonIdempotent(boolean)} says otherwise; failures before anything was sent
 * (connect refused or timed out, unknown host) are retried for every method, since the server
 * never saw the request. While a request waits out its backoff it holds no connection and no
 * place in its batch's concurrency.
 *
 * <p>When the attempts run out, the request ends with its last response (whatever its status)
 * or its last error; {@link Response#attempts()} and {@link SalvoException#attempts()} say how
 * many attempts were made.
 */
public final class Retry {
    private static final Set<ErrorType> RETRYABLE = Collections.unmodifiableSet(EnumSet.of(ErrorType.CONNECT_REFUSED,
            ErrorType.UNKNOWN_HOST, ErrorType.CONNECT_TIMEOUT, ErrorType.READ_TIMEOUT, ErrorType.REQUEST_TIMEOUT,
            ErrorType.TLS, ErrorType.CONNECTION_RESET, ErrorType.PROTOCOL, ErrorType.IO));
    private static final Set<ErrorType> NOTHING_SENT = Collections.unmodifiableSet(
            EnumSet.of(ErrorType.CONNECT_REFUSED, ErrorType.UNKNOWN_HOST, ErrorType.CONNECT_TIMEOUT));
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    private static final Retry NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Set<Integer> statuses;
    private final Set<ErrorType> errorTypes;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final boolean jitter;
    private final boolean respectRetryAfter;
    private final Duration retryAfterCap;
    private final boolean retryNonIdempotent;

    private Retry(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.statuses = Collections.unmodifiableSet(new TreeSet<>(b.statuses));
        this.errorTypes = Collections.unmodifiableSet(b.errorTypes.isEmpty()
                ? EnumSet.noneOf(ErrorType.class) : EnumSet.copyOf(b.errorTypes));
        this.baseDelay = b.baseDelay;
        this.maxDelay = b.maxDelay;
        this.jitter = b.jitter;
        this.respectRetryAfter = b.respectRetryAfter;
        this.retryAfterCap = b.retryAfterCap;
        this.retryNonIdempotent = b.retryNonIdempotent;
    }

    /** No retries: one attempt. The default of every client. */
    public static Retry none() {
        return NONE;
    }

    /** The default policy with {@code maxAttempts} attempts in all (the first one included). */
    public static Retry attempts(int maxAttempts) {
        return builder().maxAttempts(maxAttempts).build();
    }

    /**
     * A builder starting from the defaults: 3 attempts; statuses 429, 500, 502, 503, 504; connect
     * refused, connect timeout, read timeout, attempt timeout and connection reset; backoff from
     * 100 ms capped at 10 s with full jitter; {@code Retry-After} honoured up to 60 s; idempotent
     * methods only.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Attempts in all, the first included; 1 means no retry. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Response statuses that are retried. */
    public Set<Integer> statuses() {
        return statuses;
    }

    /** Failure kinds that are retried. */
    public Set<ErrorType> errorTypes() {
        return errorTypes;
    }

    /** The backoff before the first retry (before jitter). */
    public Duration baseDelay() {
        return baseDelay;
    }

    /** The longest backoff (before jitter). */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** Whether each backoff is drawn at random between zero and its exponential value. */
    public boolean jitter() {
        return jitter;
    }

    /** Whether a response's {@code Retry-After} sets the wait before the next attempt. */
    public boolean respectsRetryAfter() {
        return respectRetryAfter;
    }

    /** The longest {@code Retry-After} honoured; a longer one ends the retries. */
    public Duration retryAfterCap() {
        return retryAfterCap;
    }

    /** Whether POST, PATCH and other non-idempotent methods are retried too. */
    public boolean retriesNonIdempotent() {
        return retryNonIdempotent;
    }

    /** Whether a request with {@code method} may be retried after a failure of kind {@code type}. */
    public boolean mayRetry(String method, ErrorType type) {
        return errorTypes.contains(type) && (NOTHING_SENT.contains(type) || mayRetry(method));
    }

    /** Whether a request with {@code method} may be retried after a response with a retryable status. */
    public boolean mayRetry(String method) {
        return retryNonIdempotent || IDEMPOTENT.contains(method.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        if (maxAttempts == 1) {
            return "Retry[none]";
        }
        return "Retry[attempts=" + maxAttempts + ", statuses=" + statuses + ", errors=" + errorTypes + ", backoff="
                + baseDelay.toMillis() + ".." + maxDelay.toMillis() + " ms" + (jitter ? " with jitter" : "")
                + ", retryAfter=" + (respectRetryAfter ? "up to " + retryAfterCap.toSeconds() + " s" : "ignored")
                + (retryNonIdempotent ? ", all methods" : ", idempotent methods") + "]";
    }

    /** Builds a {@link Retry}; {@link #build()} checks the settings together and names what is wrong. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Set<Integer> statuses = Set.of(429, 500, 502, 503, 504);
        private Set<ErrorType> errorTypes = EnumSet.of(ErrorType.CONNECT_REFUSED, ErrorType.CONNECT_TIMEOUT,
                ErrorType.READ_TIMEOUT, ErrorType.REQUEST_TIMEOUT, ErrorType.CONNECTION_RESET);
        private Duration baseDelay = Duration.ofMillis(100);
        private Duration maxDelay = Duration.ofSeconds(10);
        private boolean jitter = true;
        private boolean respectRetryAfter = true;
        private Duration retryAfterCap = Duration.ofSeconds(60);
        private boolean retryNonIdempotent;

        private Builder() {
        }

        private Builder(Retry r) {
            this.maxAttempts = r.maxAttempts;
            this.statuses = r.statuses;
            this.errorTypes = r.errorTypes.isEmpty() ? EnumSet.noneOf(ErrorType.class) : EnumSet.copyOf(r.errorTypes);
            this.baseDelay = r.baseDelay;
            this.maxDelay = r.maxDelay;
            this.jitter = r.jitter;
            this.respectRetryAfter = r.respectRetryAfter;
            this.retryAfterCap = r.retryAfterCap;
            this.retryNonIdempotent = r.retryNonIdempotent;
        }

        /** Attempts in all, the first included (1 = no retry). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("retry maxAttempts: must be >= 1 (the first attempt counts), got "
                        + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Retries responses with exactly these statuses (replacing the defaults; none for no status retries). */
        public Builder retryOnStatus(int... statuses) {
            Set<Integer> set = new TreeSet<>();
            for (int s : statuses) {
                if (s < 100 || s > 599) {
                    throw new IllegalArgumentException("retry status: must be an HTTP status between 100 and 599, got " + s);
                }
                set.add(s);
            }
            this.statuses = set;
            return this;
        }

        /**
         * Retries failures of exactly these kinds (replacing the defaults; none for no failure
         * retries). Kinds that another attempt cannot fix (deadline, cancellation, invalid
         * request, callback, body too large, ...) are refused.
         */
        public Builder retryOnErrors(ErrorType... types) {
            EnumSet<ErrorType> set = EnumSet.noneOf(ErrorType.class);
            for (ErrorType t : types) {
                Objects.requireNonNull(t, "retry error type");
                if (!RETRYABLE.contains(t)) {
                    throw new IllegalArgumentException("retry error type " + t + ": cannot be retried; retryable kinds are "
                            + RETRYABLE);
                }
                set.add(t);
            }
            this.errorTypes = set;
            return this;
        }

        /** Exponential backoff: {@code base} before the first retry, doubling, never above {@code max}. */
        public Builder backoff(Duration base, Duration max) {
            this.baseDelay = Checks.checkDuration("retry backoff base", Objects.requireNonNull(base, "retry backoff base"));
            this.maxDelay = Checks.checkDuration("retry backoff max", Objects.requireNonNull(max, "retry backoff max"));
            return this;
        }

        /** Whether each backoff is drawn at random between zero and its exponential value (default true). */
        public Builder jitter(boolean jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Honours a response's {@code Retry-After} up to {@code cap}; a longer one ends the retries. */
        public Builder respectRetryAfter(Duration cap) {
            this.retryAfterCap = Checks.checkDuration("retry Retry-After cap", Objects.requireNonNull(cap, "retry Retry-After cap"));
            this.respectRetryAfter = true;
            return this;
        }

        /** Ignores {@code Retry-After}: the backoff alone sets the wait. */
        public Builder ignoreRetryAfter() {
            this.respectRetryAfter = false;
            return this;
        }

        /** Whether POST, PATCH and other non-idempotent methods may be retried (default false). */
        public Builder retryNonIdempotent(boolean retry) {
            this.retryNonIdempotent = retry;
            return this;
        }

        public Retry build() {
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("retry backoff max (" + maxDelay + "): must not be below the base delay ("
                        + baseDelay + ")");
            }
            return new Retry(this);
        }
    }
}
