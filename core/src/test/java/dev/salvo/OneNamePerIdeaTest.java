package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.spi.HttpVersion;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each setting has one name; the names it had before 0.2 still work for one release, deprecated,
 * and give what the new names give.
 */
class OneNamePerIdeaTest {

    @Test
    void aBatchSettingIsReadByTheNameItIsSetBy() {
        ErrorHandler handler = (request, error) -> null;
        BatchListener listener = new BatchListener() {
        };
        Retry retry = Retry.attempts(3);
        Batch b = Batch.size(8).perHost(2).retry(retry).retryBudget(4).onError(handler).listener(listener).stream(true)
                .deadline(Duration.ofSeconds(5));

        assertThat(b.size()).isEqualTo(8);
        assertThat(b.perHost()).isEqualTo(2);
        assertThat(b.retry()).isSameAs(retry);
        assertThat(b.retryBudget()).isEqualTo(4);
        assertThat(b.onError()).isSameAs(handler);
        assertThat(b.listener()).isSameAs(listener);
        assertThat(b.stream()).isTrue();
        assertThat(b.deadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.withSize(3).size()).isEqualTo(3);
    }

    @Test
    @SuppressWarnings("removal")
    void theOldBatchNamesGiveTheSame() {
        Batch b = Batch.size(8).perHost(2).retry(Retry.attempts(3)).retryBudget(4).onError((r, e) -> null)
                .listener(new BatchListener() {
                }).stream(true);

        assertThat(b.concurrency()).isEqualTo(b.size());
        assertThat(b.perHostLimit()).isEqualTo(b.perHost());
        assertThat(b.retryPolicy()).isSameAs(b.retry());
        assertThat(b.retryBudgetLimit()).isEqualTo(b.retryBudget());
        assertThat(b.errorHandler()).isSameAs(b.onError());
        assertThat(b.batchListener()).isSameAs(b.listener());
        assertThat(b.streaming()).isEqualTo(b.stream());
    }

    @Test
    @SuppressWarnings("removal")
    void aStaticBuilderStartsARequestAndNewBuilderCopiesOne() {
        Request get = Request.builder("http://h/x").header("A", "1").build();
        Request old = Request.newBuilder("http://h/x").header("A", "1").build();
        Request copy = get.newBuilder().header("B", "2").build();

        assertThat(get.method()).isEqualTo("GET");
        assertThat(old.method()).isEqualTo(get.method());
        assertThat(old.uri()).isEqualTo(get.uri());
        assertThat(old.headers().all("A")).isEqualTo(get.headers().all("A"));
        assertThat(copy.uri()).isEqualTo(get.uri());
        assertThat(copy.headers().names()).containsExactly("A", "B");
    }

    @Test
    @SuppressWarnings("removal")
    void isSuccessfulIsTheOneTestOfAStatusAndOkKeepsItsMeaningUntilRemoved() {
        Response redirect = Response.builder().status(304).build();
        Response fine = Response.builder().status(204).build();

        assertThat(fine.isSuccessful()).isTrue();
        assertThat(redirect.isSuccessful()).isFalse();
        assertThat(redirect.ok()).as("requests' ok: below 400").isTrue();
        assertThat(Response.builder().status(404).build().ok()).isFalse();
    }

    @Test
    @SuppressWarnings("removal")
    void theProtocolIsTheApisOwnTypeAndTheSpisStillSetsIt() {
        assertThat(SalvoConfig.defaults().protocol()).isEqualTo(Protocol.HTTP_1_1);
        assertThat(SalvoConfig.builder().protocol(Protocol.HTTP_2).build().protocol()).isEqualTo(Protocol.HTTP_2);
        assertThat(SalvoConfig.builder().protocol(HttpVersion.HTTP_2).build().protocol()).isEqualTo(Protocol.HTTP_2);
        for (Protocol p : Protocol.values()) {
            assertThat(SalvoModule.transportConfig(SalvoConfig.builder().protocol(p).build()).protocol().name())
                    .as("what the transport is asked for").isEqualTo(p.name());
        }
    }
}
