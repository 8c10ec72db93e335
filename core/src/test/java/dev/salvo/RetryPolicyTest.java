package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retry, rate-limit and batch settings: defaults, the idempotency rule, and clear errors for bad values. */
class RetryPolicyTest {

    @Test
    void defaultsAreDocumented() {
        Retry r = Retry.builder().build();
        assertThat(r.maxAttempts()).isEqualTo(3);
        assertThat(r.statuses()).containsExactly(429, 500, 502, 503, 504);
        assertThat(r.errorTypes()).containsExactlyInAnyOrder(ErrorType.CONNECT_REFUSED, ErrorType.CONNECT_TIMEOUT,
                ErrorType.READ_TIMEOUT, ErrorType.REQUEST_TIMEOUT, ErrorType.CONNECTION_RESET);
        assertThat(r.baseDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(r.maxDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.jitter()).isTrue();
        assertThat(r.respectsRetryAfter()).isTrue();
        assertThat(r.retryAfterCap()).isEqualTo(Duration.ofSeconds(60));
        assertThat(Retry.none().maxAttempts()).isEqualTo(1);
        assertThat(SalvoConfig.defaults().retry()).isSameAs(Retry.none());
        assertThat(SalvoConfig.defaults().rateLimit()).isNull();
    }

    @Test
    void onlyIdempotentMethodsAreRetriedUnlessOptedIn() {
        Retry r = Retry.attempts(3);
        assertThat(r.mayRetry("GET")).isTrue();
        assertThat(r.mayRetry("put")).isTrue();
        assertThat(r.mayRetry("DELETE")).isTrue();
        assertThat(r.mayRetry("POST")).isFalse();
        assertThat(r.mayRetry("PATCH")).isFalse();
        assertThat(r.mayRetry("POST", ErrorType.CONNECT_REFUSED)).as("nothing was sent").isTrue();
        assertThat(r.mayRetry("POST", ErrorType.READ_TIMEOUT)).as("the server may have acted").isFalse();
        assertThat(r.mayRetry("GET", ErrorType.PROTOCOL)).as("not in the default kinds").isFalse();
        assertThat(r.newBuilder().retryNonIdempotent(true).build().mayRetry("POST")).isTrue();
    }

    @Test
    void badRetrySettingsFailWhenBuiltNamingTheSetting() {
        assertThatThrownBy(() -> Retry.attempts(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts").hasMessageContaining("-1");
        assertThatThrownBy(() -> Retry.attempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> Retry.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoff max")
                .hasMessageContaining("base delay");
        assertThatThrownBy(() -> Retry.builder().backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("backoff base");
        assertThatThrownBy(() -> Retry.builder().backoff(Duration.ofMillis(-5), Duration.ofSeconds(1)))
                .hasMessageContaining("backoff base");
        assertThatThrownBy(() -> Retry.builder().retryOnStatus(503, 700)).hasMessageContaining("700");
        assertThatThrownBy(() -> Retry.builder().retryOnErrors(ErrorType.DEADLINE_EXCEEDED))
                .hasMessageContaining("DEADLINE_EXCEEDED").hasMessageContaining("cannot be retried");
        assertThatThrownBy(() -> Retry.builder().respectRetryAfter(Duration.ZERO)).hasMessageContaining("Retry-After cap");
    }

    @Test
    void badRateLimitsFailNamingTheSetting() {
        assertThatThrownBy(() -> RateLimit.perSecond(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate limit");
        assertThatThrownBy(() -> RateLimit.perSecond(-3)).hasMessageContaining("-3");
        assertThatThrownBy(() -> RateLimit.perSecond(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> RateLimit.perSecond(Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
        assertThatThrownBy(() -> RateLimit.of(0, Duration.ofSeconds(1))).hasMessageContaining("requests per period");
        assertThatThrownBy(() -> RateLimit.of(5, Duration.ZERO)).hasMessageContaining("period");
        assertThatThrownBy(() -> RateLimit.perSecond(5).withBurst(0)).hasMessageContaining("burst");
        assertThat(RateLimit.of(30, Duration.ofMinutes(1)).perSecond()).isEqualTo(0.5);
        assertThat(RateLimit.perSecond(4).intervalNanos()).isEqualTo(250_000_000L);
    }

    @Test
    void badBatchLimitsFailNamingTheSetting() {
        assertThatThrownBy(() -> Batch.size(10).perHost(0)).hasMessageContaining("perHost");
        assertThatThrownBy(() -> Batch.size(10).retryBudget(-1)).hasMessageContaining("retryBudget");
        Batch b = Batch.size(10).perHost(2).retry(Retry.attempts(2)).retryBudget(5);
        assertThat(b.perHost()).isEqualTo(2);
        assertThat(b.retryBudget()).isEqualTo(5);
        assertThat(b.withSize(20).retry()).as("settings survive other changes").isEqualTo(b.retry());
        assertThat(b.toString()).contains("perHost=2", "retryBudget=5");
    }
}
