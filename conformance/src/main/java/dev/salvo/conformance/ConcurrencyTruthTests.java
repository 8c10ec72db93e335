package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.salvo.Batch;
import dev.salvo.Client;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Session;
import dev.salvo.testserver.Stats;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract item 9: with size N against one host, the server sees exactly N requests in flight,
 * never more, and no stack default caps it silently.
 *
 * <p>Each request holds its response for a while, so all N must be in flight at once before the
 * first finishes. A transport that has not reached N one hold-time after the first response never
 * will; the test then stops early instead of waiting out a throttled batch.
 */
public interface ConcurrencyTruthTests extends KitContext {

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {64, 200})
    default void sizeNPutsExactlyNInFlight(int n) {
        assertPeak(kit().client(), n, 2 * n, n <= 64 ? 600 : 1000, Batch.size(n));
    }

    @Test
    default void defaultBatchPutsAHundredInFlight() {
        Stats stats = kit().quietStats();
        List<Request> reqs = holds(150, 800);
        List<Response> rs = kit().client().map(reqs);
        assertThat(rs).as("responses").doesNotContainNull();
        assertThat(stats.peakInFlight()).as("peak in flight with the default batch (%s)", stats).isEqualTo(Batch.DEFAULT_SIZE);
    }

    @Test
    default void sizeOneIsSequential() {
        Stats stats = kit().quietStats();
        kit().client().map(holds(4, 50), Batch.size(1));
        assertThat(stats.peakInFlight()).as("peak in flight with size 1").isEqualTo(1);
    }

    @Test
    default void sessionBatchesKeepTheSize() {
        Session session = kit().client().newSession().build();
        assertPeak(session, 16, 48, 400, Batch.size(16));
    }

    /** Runs {@code count} held requests through imap at {@code size}; the server's peak must be exactly {@code n}. */
    private void assertPeak(Client client, int n, int count, int holdMs, Batch batch) {
        Stats stats = kit().quietStats();
        List<Request> reqs = holds(count, holdMs);
        long firstOutcomeAt = 0;
        int done = 0;
        try (Stream<Outcome> os = client.imapEnumerated(reqs, batch)) {
            for (Iterator<Outcome> it = os.iterator(); it.hasNext(); ) {
                Outcome o = it.next();
                assertThat(o.isSuccess()).as("outcome %d: %s", o.index(), o.errorOrNull()).isTrue();
                done++;
                long now = System.nanoTime();
                firstOutcomeAt = firstOutcomeAt == 0 ? now : firstOutcomeAt;
                if (stats.peakInFlight() < n && now - firstOutcomeAt > holdMs * 1_000_000L) {
                    fail("size %d, but the server saw at most %d requests in flight (%d of %d done, %s)",
                            n, stats.peakInFlight(), done, count, stats);
                }
            }
        }
        assertThat(done).as("outcomes").isEqualTo(count);
        assertThat(stats.peakInFlight()).as("peak requests in flight at the server for size %d (%s)", n, stats)
                .isEqualTo(n);
    }

    private List<Request> holds(int count, int holdMs) {
        return IntStream.range(0, count).mapToObj(i -> Request.get(kit().url("/salvo/hold/" + holdMs + "?i=" + i)))
                .toList();
    }
}
