package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.salvo.Batch;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.testserver.Stats;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Contract item 12: keep-alive reuse is the default, and sockets stay within the concurrency: many
 * requests through size 64 open about 64 connections, not one per request.
 */
public interface ConnectionReuseTests extends KitContext {

    String CONNECTION_ID = "X-Salvo-Connection";

    @Test
    default void tenThousandRequestsAtSize64OpenAtMost64Connections() {
        Stats stats = kit().quietStats();
        int count = 10_000;
        int size = 64;
        List<Request> reqs = IntStream.range(0, count).mapToObj(i -> Request.get(kit().url("/get"))).toList();
        int done = 0;
        try (Stream<Outcome> os = kit().client().imapEnumerated(reqs, Batch.size(size))) {
            for (Iterator<Outcome> it = os.iterator(); it.hasNext(); ) {
                Outcome o = it.next();
                assertThat(o.isSuccess()).as("outcome %d: %s", o.index(), o.errorOrNull()).isTrue();
                done++;
                // stop a leaking transport early instead of letting it open thousands of sockets
                if (done % 100 == 0 && stats.connectionsAccepted() > size) {
                    fail("after %d of %d requests at size %d the server had accepted %d connections (%s)",
                            done, count, size, stats.connectionsAccepted(), stats);
                }
            }
        }
        assertThat(done).as("outcomes").isEqualTo(count);
        assertThat(stats.requestsReceived()).as("requests received").isEqualTo(count);
        assertThat(stats.connectionsAccepted()).as("connections accepted for %d requests at size %d", count, size)
                .isLessThanOrEqualTo(size);
    }

    @Test
    default void sequentialRequestsReuseOneConnection() {
        Salvo client = kit().client();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.execute(Request.get(kit().url("/get?i=" + i))).header(CONNECTION_ID));
        }
        assertThat(ids).as("%s of 5 sequential requests", CONNECTION_ID).doesNotContainNull().containsOnly(ids.get(0));
    }

    /**
     * A buffered response releases its connection before it is handed over, so the next request
     * finds it idle: sequential use never needs a second connection, whatever the response was.
     */
    @Test
    default void bodilessAndErrorResponsesKeepTheConnection() {
        Salvo client = kit().client();
        List<Request> sequence = List.of(Request.get(kit().url("/get")), Request.head(kit().url("/get")),
                Request.get(kit().url("/status/204")), Request.get(kit().url("/status/304")),
                Request.get(kit().url("/status/500")), Request.get(kit().url("/bytes/100000")),
                Request.get(kit().url("/get")));
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (Request r : sequence) {
                Response resp = client.execute(r);
                ids.add(r.method() + " " + r.uri().getPath() + " -> " + resp.status() + " on " + resp.header(CONNECTION_ID));
            }
        }
        String first = ids.get(0).substring(ids.get(0).lastIndexOf(' '));
        assertThat(ids).as("connections used in sequence").allSatisfy(s -> assertThat(s).endsWith(first));
    }

    @Test
    default void concurrentBatchReusesItsConnections() {
        Stats stats = kit().quietStats();
        Salvo client = kit().client();
        List<Request> reqs = IntStream.range(0, 40).mapToObj(i -> Request.get(kit().url("/get?i=" + i))).toList();
        client.map(reqs, Batch.size(4));
        client.map(reqs, Batch.size(4));
        assertThat(stats.connectionsAccepted()).as("connections for two batches of 40 at size 4").isLessThanOrEqualTo(4);
    }
}
