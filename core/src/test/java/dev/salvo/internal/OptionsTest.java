package dev.salvo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.Request;
import dev.salvo.Retry;
import dev.salvo.SalvoConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fallback of every per-request option, resolved in {@link Options} alone: the request's own
 * value beats its batch's, which beats its session's, which beats the client's, for each option a
 * layer can set.
 */
class OptionsTest {
    private static final Retry CLIENT_RETRY = Retry.attempts(2);
    private static final Retry SESSION_RETRY = Retry.attempts(3);
    private static final Retry BATCH_RETRY = Retry.attempts(4);
    private static final Retry REQUEST_RETRY = Retry.attempts(5);

    private final SalvoConfig client = SalvoConfig.builder().retry(CLIENT_RETRY)
            .requestTimeout(Duration.ofSeconds(1)).totalTimeout(Duration.ofSeconds(2))
            .connectTimeout(Duration.ofSeconds(3)).readTimeout(Duration.ofSeconds(4))
            .followRedirects(true).maxRedirects(7).maxResponseBodySize(1000).maxDecompressedBodySize(2000).build();
    private final Request plain = Request.get("http://a.test/");

    @Test
    void theRetryPolicyIsTheRequestsElseTheBatchsElseTheSessionsElseTheClients() {
        assertThat(Options.under(client, null, null, false).of(plain).retry()).isSameAs(CLIENT_RETRY);
        assertThat(Options.under(client, SESSION_RETRY, null, false).of(plain).retry()).isSameAs(SESSION_RETRY);
        assertThat(Options.under(client, SESSION_RETRY, BATCH_RETRY, false).of(plain).retry()).isSameAs(BATCH_RETRY);
        assertThat(Options.under(client, null, BATCH_RETRY, false).of(plain).retry()).isSameAs(BATCH_RETRY);
        Request own = plain.newBuilder().retry(REQUEST_RETRY).build();
        assertThat(Options.under(client, SESSION_RETRY, BATCH_RETRY, false).of(own).retry()).isSameAs(REQUEST_RETRY);
        assertThat(Options.under(client, null, null, false).of(own).retry()).isSameAs(REQUEST_RETRY);
    }

    @Test
    void aResponseStreamsWhenTheRequestOrItsBatchAsks() {
        Request streamed = plain.newBuilder().stream(true).build();
        assertThat(Options.under(client, null, null, false).of(plain).stream()).isFalse();
        assertThat(Options.under(client, null, null, true).of(plain).stream()).isTrue();
        assertThat(Options.under(client, null, null, false).of(streamed).stream()).isTrue();
        assertThat(Options.under(client, null, null, true).of(streamed).stream()).isTrue();
    }

    @Test
    void theTimeoutsAreTheRequestsElseTheClients() {
        Options base = Options.under(client, SESSION_RETRY, BATCH_RETRY, true);
        Options clients = base.of(plain);
        assertThat(clients.attemptTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(clients.totalTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(clients.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(clients.readTimeout()).isEqualTo(Duration.ofSeconds(4));

        Options own = base.of(plain.newBuilder().timeout(Duration.ofMillis(11)).totalTimeout(Duration.ofMillis(12))
                .connectTimeout(Duration.ofMillis(13)).readTimeout(Duration.ofMillis(14)).build());
        assertThat(own.attemptTimeout()).isEqualTo(Duration.ofMillis(11));
        assertThat(own.totalTimeout()).isEqualTo(Duration.ofMillis(12));
        assertThat(own.connectTimeout()).isEqualTo(Duration.ofMillis(13));
        assertThat(own.readTimeout()).isEqualTo(Duration.ofMillis(14));
    }

    @Test
    void eachTimeoutTheRequestLeavesUnsetIsTheClients() {
        Options own = Options.under(client, null, null, false).of(plain.newBuilder().timeout(Duration.ofMillis(11)).build());
        assertThat(own.attemptTimeout()).isEqualTo(Duration.ofMillis(11));
        assertThat(own.totalTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(own.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(own.readTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(own.retry()).isSameAs(CLIENT_RETRY);
    }

    @Test
    void redirectsAreTheRequestsElseTheClients() {
        Options base = Options.under(client, null, null, false);
        assertThat(base.of(plain).followRedirects()).isTrue();
        assertThat(base.of(plain).maxRedirects()).isEqualTo(7);
        assertThat(base.of(plain.newBuilder().followRedirects(false).build()).followRedirects()).isFalse();
        assertThat(base.of(plain.newBuilder().maxRedirects(2).build()).maxRedirects()).isEqualTo(2);
        assertThat(base.of(plain.newBuilder().maxRedirects(2).build()).followRedirects()).isTrue();

        Options notFollowing = Options.under(SalvoConfig.builder().followRedirects(false).build(), null, null, false);
        assertThat(notFollowing.of(plain).followRedirects()).isFalse();
        assertThat(notFollowing.of(plain.newBuilder().followRedirects(true).build()).followRedirects()).isTrue();
    }

    @Test
    void theBodyCapsAreTheClients() {
        Options own = Options.under(client, SESSION_RETRY, BATCH_RETRY, true)
                .of(plain.newBuilder().retry(REQUEST_RETRY).timeout(Duration.ofMillis(1)).build());
        assertThat(own.maxResponseBodySize()).isEqualTo(1000);
        assertThat(own.maxDecompressedBodySize()).isEqualTo(2000);
    }

    @Test
    void aRequestSettingNoOptionSharesTheValueUnderIt() {
        Options base = Options.under(client, SESSION_RETRY, BATCH_RETRY, false);
        assertThat(base.of(plain)).isSameAs(base);
        assertThat(base.of(plain.newBuilder().header("X-A", "1").build())).isSameAs(base);
        assertThat(base.of(plain.newBuilder().maxRedirects(3).build())).isNotSameAs(base);
    }
}
