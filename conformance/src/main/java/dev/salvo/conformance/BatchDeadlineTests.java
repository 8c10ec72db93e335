package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.Batch;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.testserver.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Contract item 10: a batch deadline cancels what is unfinished (grequests only stops waiting),
 * and closing an imap early does the same: sockets are freed, nothing is left running.
 */
public interface BatchDeadlineTests extends KitContext {

    @Test
    default void deadlineCancelsEveryUnfinishedRequest() {
        Stats stats = kit().quietStats();
        Salvo client = kit().client();
        List<Request> reqs = IntStream.range(0, 50).mapToObj(i -> Request.get(kit().url("/fault/never-responds?i=" + i)))
                .toList();
        long start = System.nanoTime();
        List<Outcome> outcomes = client.mapOutcomes(reqs, Batch.size(50).deadline(Duration.ofMillis(500)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(outcomes).as("outcomes").hasSize(50);
        assertThat(outcomes).as("every outcome is a DEADLINE_EXCEEDED failure").allSatisfy(o -> {
            assertThat(o.errorOrNull()).as("outcome %d", o.index()).isNotNull();
            assertThat(o.errorOrNull().type()).as("type of outcome %d", o.index()).isEqualTo(ErrorType.DEADLINE_EXCEEDED);
        });
        assertThat(ms).as("ms until map returned, deadline 500 ms").isLessThan(2000);
        await("nothing left running after the deadline (server: " + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0 && stats.openConnections() == 0);
    }

    @Test
    default void deadlineFailsTheUnsentRestOfACollection() {
        Stats stats = kit().quietStats();
        List<Request> reqs = IntStream.range(0, 20).mapToObj(i -> Request.get(kit().url("/salvo/hold/10000?i=" + i)))
                .toList();
        List<Outcome> outcomes = kit().client().mapOutcomes(reqs, Batch.size(5).deadline(Duration.ofMillis(300)));
        assertThat(outcomes).as("outcomes").hasSize(20);
        assertThat(outcomes).as("every request, sent or not, ends DEADLINE_EXCEEDED").allSatisfy(o ->
                assertThat(o.errorOrNull().type()).as("type of outcome %d", o.index()).isEqualTo(ErrorType.DEADLINE_EXCEEDED));
        assertThat(stats.requestsReceived()).as("requests sent with size 5").isLessThanOrEqualTo(5);
        await("held requests cancelled (server: " + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0);
    }

    @Test
    default void deadlineKeepsWhatFinishedInTime() {
        List<Request> reqs = List.of(Request.get(kit().url("/get")), Request.get(kit().url("/fault/never-responds")));
        List<Response> rs = kit().client().map(reqs, Batch.size(2).deadline(Duration.ofMillis(400)));
        assertThat(rs.get(0)).as("slot 0, finished in time").isNotNull();
        assertThat(rs.get(1)).as("slot 1, cut by the deadline").isNull();
    }

    @Test
    default void closingImapEarlyCancelsTheRest() {
        Stats stats = kit().quietStats();
        List<Request> reqs = new ArrayList<>();
        reqs.add(Request.get(kit().url("/get")));
        IntStream.range(0, 9).forEach(i -> reqs.add(Request.get(kit().url("/fault/never-responds?i=" + i))));
        try (Stream<Outcome> os = kit().client().imapEnumerated(reqs, Batch.size(10))) {
            Iterator<Outcome> it = os.iterator();
            assertThat(it.next().index()).as("first outcome").isZero();
            await("all ten in flight or done").atMost(Duration.ofSeconds(5)).until(() -> stats.inFlight() == 9);
        }
        await("requests cancelled by closing the stream (server: " + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0 && stats.openConnections() <= 1);
    }
}
