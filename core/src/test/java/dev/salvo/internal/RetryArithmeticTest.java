package dev.salvo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.RateLimit;
import dev.salvo.Retry;
import dev.salvo.SalvoConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Backoff, Retry-After and token-bucket arithmetic, on a fake clock and fake random draws. */
class RetryArithmeticTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final long MS = 1_000_000L;

    private static Retry backoff(long baseMs, long maxMs, boolean jitter) {
        return Retry.builder().maxAttempts(10).backoff(Duration.ofMillis(baseMs), Duration.ofMillis(maxMs)).jitter(jitter)
                .build();
    }

    @Test
    void backoffDoublesFromTheBaseUpToTheCap() {
        Retry r = backoff(100, 1000, false);
        assertThat(RetryDelays.backoffNanos(r, 1, 0.5)).isEqualTo(100 * MS);
        assertThat(RetryDelays.backoffNanos(r, 2, 0.5)).isEqualTo(200 * MS);
        assertThat(RetryDelays.backoffNanos(r, 3, 0.5)).isEqualTo(400 * MS);
        assertThat(RetryDelays.backoffNanos(r, 4, 0.5)).isEqualTo(800 * MS);
        assertThat(RetryDelays.backoffNanos(r, 5, 0.5)).isEqualTo(1000 * MS);
        assertThat(RetryDelays.backoffNanos(r, 70, 0.5)).as("no overflow far past the cap").isEqualTo(1000 * MS);
    }

    @Test
    void fullJitterDrawsBetweenZeroAndTheExponentialValue() {
        Retry r = backoff(100, 1000, true);
        assertThat(RetryDelays.backoffNanos(r, 3, 0.0)).isZero();
        assertThat(RetryDelays.backoffNanos(r, 3, 0.25)).isEqualTo(100 * MS);
        assertThat(RetryDelays.backoffNanos(r, 3, 0.999)).isEqualTo(399_600_000L);
        assertThat(RetryDelays.backoffNanos(r, 9, 0.5)).isEqualTo(500 * MS);
    }

    @Test
    void retryAfterInSecondsReplacesTheBackoff() {
        Retry r = backoff(100, 1000, false);
        assertThat(RetryDelays.delayNanos(r, 1, "3", NOW, 0.5)).isEqualTo(3000 * MS);
        assertThat(RetryDelays.delayNanos(r, 1, " 0 ", NOW, 0.5)).isZero();
    }

    @Test
    void retryAfterAsAnHttpDateCountsFromNow() {
        Retry r = backoff(100, 1000, false);
        String inFive = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(5).atOffset(ZoneOffset.UTC));
        assertThat(inFive).isEqualTo("Sat, 21 Nov 2026 10:00:05 GMT");
        assertThat(RetryDelays.delayNanos(r, 1, inFive, NOW, 0.5)).isEqualTo(5000 * MS);
        assertThat(RetryDelays.delayNanos(r, 1, "Sat, 21 Nov 2026 09:59:00 GMT", NOW, 0.5))
                .as("a date in the past").isZero();
    }

    @Test
    void retryAfterAboveTheCapGivesUp() {
        Retry r = backoff(100, 1000, false).newBuilder().respectRetryAfter(Duration.ofSeconds(10)).build();
        assertThat(RetryDelays.delayNanos(r, 1, "10", NOW, 0.5)).isEqualTo(10_000 * MS);
        assertThat(RetryDelays.delayNanos(r, 1, "11", NOW, 0.5)).isEqualTo(RetryDelays.GIVE_UP);
        assertThat(RetryDelays.delayNanos(r, 1, "99999999999999999999", NOW, 0.5)).isEqualTo(RetryDelays.GIVE_UP);
    }

    @Test
    void anUnreadableOrIgnoredRetryAfterFallsBackToTheBackoff() {
        Retry r = backoff(100, 1000, false);
        assertThat(RetryDelays.delayNanos(r, 2, "soon", NOW, 0.5)).isEqualTo(200 * MS);
        assertThat(RetryDelays.delayNanos(r, 2, "-5", NOW, 0.5)).isEqualTo(200 * MS);
        Retry ignoring = r.newBuilder().ignoreRetryAfter().build();
        assertThat(RetryDelays.delayNanos(ignoring, 2, "30", NOW, 0.5)).isEqualTo(200 * MS);
    }

    @Test
    void aBucketOfBurstOneSpacesRequestsEvenly() {
        TokenBucket b = new TokenBucket(RateLimit.perSecond(10));
        long t = 1_000 * MS;
        assertThat(b.reserve(t)).isZero();
        assertThat(b.reserve(t)).isEqualTo(100 * MS);
        assertThat(b.reserve(t)).isEqualTo(200 * MS);
        assertThat(b.reserve(t + 250 * MS)).as("reserved slots stay reserved").isEqualTo(50 * MS);
        assertThat(b.reserve(t + 10_000 * MS)).as("after a quiet spell").isZero();
        assertThat(b.reserve(t + 10_000 * MS)).isEqualTo(100 * MS);
    }

    @Test
    void aBurstLetsThatManyThroughAtOnceThenSpaces() {
        TokenBucket b = new TokenBucket(RateLimit.perSecond(10).withBurst(3));
        long t = 5_000 * MS;
        assertThat(b.reserve(t)).isZero();
        assertThat(b.reserve(t)).isZero();
        assertThat(b.reserve(t)).isZero();
        assertThat(b.reserve(t)).isEqualTo(100 * MS);
        assertThat(b.reserve(t)).isEqualTo(200 * MS);
        assertThat(b.isIdle(t + 400 * MS)).as("two tokens reserved ahead are not refilled yet").isFalse();
        assertThat(b.isIdle(t + 500 * MS)).isTrue();
    }

    @Test
    void overTimeABucketHoldsItsRate() {
        TokenBucket b = new TokenBucket(RateLimit.of(50, Duration.ofSeconds(1)).withBurst(5));
        long[] go = new long[1000];
        for (int k = 0; k < go.length; k++) {
            long arrival = k * 3 * MS;
            go[k] = arrival + b.reserve(arrival);
        }
        for (int k = 1; k < go.length; k++) {
            assertThat(go[k]).as("departures keep their order").isGreaterThanOrEqualTo(go[k - 1]);
        }
        for (int k = 0; k + 55 < go.length; k++) {
            assertThat(go[k + 55] - go[k]).as("no second holds more than the rate plus the burst")
                    .isGreaterThanOrEqualTo(1000 * MS);
        }
        double perSecond = (go.length - 1) / ((go[go.length - 1] - go[0]) / 1e9);
        assertThat(perSecond).as("rate over 1000 departures").isBetween(50.0, 50.3);
    }

    @Test
    void perHostBucketsAreSeparateAndTheGlobalOneIsShared() {
        Traffic perHost = new Traffic(SalvoConfig.builder().rateLimitPerHost(RateLimit.perSecond(10)).build());
        URI a = URI.create("http://a.test/x");
        URI b = URI.create("http://B.test:80/y");
        assertThat(perHost.reserve(a, 0)).isZero();
        assertThat(perHost.reserve(b, 0)).isZero();
        assertThat(perHost.reserve(URI.create("http://b.test/z"), 0)).as("same host and port").isEqualTo(100 * MS);
        assertThat(perHost.reserve(URI.create("http://b.test:8080/z"), 0)).as("another port").isZero();

        Traffic both = new Traffic(SalvoConfig.builder().rateLimit(RateLimit.perSecond(20))
                .rateLimitPerHost(RateLimit.perSecond(10)).build());
        assertThat(both.reserve(a, 0)).isZero();
        assertThat(both.reserve(b, 0)).as("global: 50 ms later").isEqualTo(50 * MS);
        assertThat(both.reserve(a, 0)).as("host a: 100 ms after its first").isEqualTo(100 * MS);
        assertThat(new Traffic(SalvoConfig.defaults()).isLimited()).isFalse();
    }
}
