package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.Retry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry decision and the arithmetic of waiting between attempts: exponential backoff with
 * optional full jitter, and {@code Retry-After}. The arithmetic is pure functions of the policy,
 * the attempt number, the header, the current time and a random draw, so that it can be tested
 * without waiting; {@link #afterStatus} and {@link #afterFailure} draw the time and the random
 * number themselves. The batch's retry budget is not theirs: {@link Call} takes from it through
 * {@link Slots} once these say to retry.
 */
final class RetryDelays {
    /** Returned by {@link #delayNanos} when the server asked for a longer wait than the policy allows. */
    static final long GIVE_UP = -1;
    /** A delta-seconds value too long to matter: longer than any cap. */
    private static final Duration FOREVER = Duration.ofDays(365 * 100L);

    private RetryDelays() {
    }

    /**
     * Nanoseconds to wait before retrying after attempt number {@code failed} (1-based) got a
     * response with {@code status}, or {@link #GIVE_UP} when that response is the answer: no
     * attempts left, a status the policy does not retry, a method it may not repeat, or a
     * {@code Retry-After} past its cap.
     */
    static long afterStatus(Retry retry, int failed, String method, int status, String retryAfter) {
        if (failed >= retry.maxAttempts() || !retry.statuses().contains(status) || !retry.mayRetry(method)) {
            return GIVE_UP;
        }
        return delayNanos(retry, failed, retryAfter, Instant.now(), ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Nanoseconds to wait before retrying after attempt number {@code failed} (1-based) failed
     * with {@code type}, or {@link #GIVE_UP}: no attempts left, or a failure the policy does not
     * retry for this method.
     */
    static long afterFailure(Retry retry, int failed, String method, ErrorType type) {
        if (failed >= retry.maxAttempts() || !retry.mayRetry(method, type)) {
            return GIVE_UP;
        }
        return backoffNanos(retry, failed, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Nanoseconds to wait before the attempt after attempt number {@code failed} (1-based), or
     * {@link #GIVE_UP}.
     *
     * @param retryAfter the response's {@code Retry-After} value, or null
     * @param now        the current wall-clock time, for an HTTP-date {@code Retry-After}
     * @param random     a draw in [0, 1), used when the policy jitters
     */
    static long delayNanos(Retry retry, int failed, String retryAfter, Instant now, double random) {
        if (retryAfter != null && retry.respectsRetryAfter()) {
            Duration asked = parseRetryAfter(retryAfter, now);
            if (asked != null) {
                return asked.compareTo(retry.retryAfterCap()) > 0 ? GIVE_UP : asked.toNanos();
            }
        }
        return backoffNanos(retry, failed, random);
    }

    /** {@code min(max, base × 2^(failed-1))}, times {@code random} when jittering. */
    static long backoffNanos(Retry retry, int failed, double random) {
        long base = retry.baseDelay().toNanos();
        long max = retry.maxDelay().toNanos();
        int shift = Math.min(Math.max(failed - 1, 0), 62);
        long exp = base > (max >> shift) ? max : Math.min(max, base << shift);
        return retry.jitter() ? (long) (exp * random) : exp;
    }

    /**
     * A {@code Retry-After} value as a wait from {@code now}: delta-seconds or an HTTP date (a
     * date in the past means no wait). Null when the value is neither.
     */
    static Duration parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return v.length() > 12 ? FOREVER : Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
