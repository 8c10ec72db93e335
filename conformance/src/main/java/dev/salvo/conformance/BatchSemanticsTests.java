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
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Contract items 5 to 8: grequests' map, imap and imap_enumerated, and the typed outcomes. */
public interface BatchSemanticsTests extends KitContext {

    @Test
    default void mapReturnsInputOrder() {
        List<Request> reqs = IntStream.range(0, 12).mapToObj(i -> Request.get(kit().httpbin(
                (i % 3 == 0 ? "/delay/0.3" : "/anything") + "?i=" + i))).toList();
        List<Response> rs = kit().client().map(reqs, Batch.size(12));
        assertThat(rs).as("map result").hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(kit().json(rs.get(i)).get("args").get("i").asInt()).as("slot %d", i).isEqualTo(i);
            assertThat(rs.get(i).request()).as("request of slot %d", i).isSameAs(reqs.get(i));
        }
    }

    @Test
    default void mapPutsNullForAFailureWithoutHandler() {
        List<Request> reqs = List.of(Request.get(kit().httpbin("/get")), Request.get(kit().refusedUrl("/x")),
                Request.get(kit().httpbin("/get")));
        List<Response> rs = kit().client().map(reqs, Batch.size(3));
        assertThat(rs).as("map result").hasSize(3);
        assertThat(rs.get(0)).as("slot 0").isNotNull();
        assertThat(rs.get(1)).as("slot 1 (refused)").isNull();
        assertThat(rs.get(2)).as("slot 2").isNotNull();
    }

    @Test
    default void mapPutsTheHandlersValueForAFailure() {
        Response fallback = Response.builder().status(599).build();
        List<Request> reqs = List.of(Request.get(kit().refusedUrl("/a")), Request.get(kit().httpbin("/get")));
        List<ErrorType> seen = new ArrayList<>();
        List<Response> rs = kit().client().map(reqs, Batch.size(2).onError((req, e) -> {
            seen.add(e.type());
            return fallback;
        }));
        assertThat(rs.get(0)).as("slot 0 holds the handler's value").isSameAs(fallback);
        assertThat(rs.get(1).status()).as("slot 1").isEqualTo(200);
        assertThat(seen).as("errors given to the handler").containsExactly(ErrorType.CONNECT_REFUSED);
        List<Response> nulls = kit().client().map(reqs, Batch.size(2).onError((req, e) -> null));
        assertThat(nulls.get(0)).as("slot 0 when the handler returns null").isNull();
    }

    @Test
    default void imapYieldsInCompletionOrder() {
        List<Request> reqs = List.of(Request.get(kit().httpbin("/delay/0.8")), Request.get(kit().httpbin("/get")),
                Request.get(kit().httpbin("/delay/0.4")));
        List<Integer> order;
        try (Stream<Response> rs = kit().client().imap(reqs, Batch.size(3))) {
            order = rs.map(r -> reqs.indexOf(r.request())).toList();
        }
        assertThat(order).as("input positions in the order imap yielded them").containsExactly(1, 2, 0);
    }

    @Test
    default void imapDropsFailuresUnlessTheHandlerGivesAValue() {
        List<Request> reqs = List.of(Request.get(kit().httpbin("/get")), Request.get(kit().refusedUrl("/a")),
                Request.get(kit().httpbin("/get")), Request.get(kit().refusedUrl("/b")), Request.get(kit().httpbin("/get")));
        Salvo client = kit().client();
        try (Stream<Response> rs = client.imap(reqs, Batch.size(5))) {
            assertThat(rs.count()).as("responses without a handler").isEqualTo(3);
        }
        try (Stream<Response> rs = client.imap(reqs, Batch.size(5).onError((r, e) -> null))) {
            assertThat(rs.count()).as("responses with a handler returning null").isEqualTo(3);
        }
        Response fallback = Response.builder().status(599).build();
        try (Stream<Response> rs = client.imap(reqs, Batch.size(5).onError((r, e) -> fallback))) {
            assertThat(rs.filter(r -> r == fallback).count()).as("handler values yielded").isEqualTo(2);
        }
    }

    @Test
    default void imapEnumeratedYieldsEveryIndexOnce() {
        List<Request> reqs = IntStream.range(0, 30).mapToObj(i -> Request.get(i % 5 == 4
                ? kit().refusedUrl("/" + i) : kit().httpbin("/anything?i=" + i))).toList();
        List<Outcome> outcomes;
        try (Stream<Outcome> os = kit().client().imapEnumerated(reqs, Batch.size(8))) {
            outcomes = os.toList();
        }
        assertThat(outcomes.stream().map(Outcome::index).sorted().toList()).as("indices yielded")
                .isEqualTo(LongStream.range(0, 30).boxed().toList());
        assertThat(outcomes.stream().filter(o -> !o.isSuccess()).count()).as("failures yielded").isEqualTo(6);
        assertThat(outcomes).as("each outcome's request is the input at its index")
                .allSatisfy(o -> assertThat(o.request()).isSameAs(reqs.get((int) o.index())));
        assertThat(outcomes).as("failures are the refused ones").allSatisfy(o -> assertThat(o.isSuccess())
                .isEqualTo(o.index() % 5 != 4));
    }

    @Test
    default void mapOutcomesIsTypedAndInInputOrder() {
        List<Request> reqs = List.of(Request.get(kit().refusedUrl("/a")), Request.get(kit().httpbin("/status/404")));
        List<Outcome> os = kit().client().mapOutcomes(reqs, Batch.size(2));
        assertThat(os.get(0)).as("outcome 0").isInstanceOf(Outcome.Failure.class);
        assertThat(os.get(0).errorOrNull().type()).as("type of outcome 0").isEqualTo(ErrorType.CONNECT_REFUSED);
        assertThat(os.get(1)).as("outcome 1 (a 404 is a response)").isInstanceOf(Outcome.Success.class);
        assertThat(os.get(1).responseOrNull().status()).as("status of outcome 1").isEqualTo(404);
    }

    @Test
    default void imapOverAnEndlessStreamStopsCleanlyWhenClosed() {
        Stats stats = kit().quietStats();
        int size = 8;
        int take = 10;
        AtomicInteger pulled = new AtomicInteger();
        AtomicBoolean sourceClosed = new AtomicBoolean();
        // every fourth request holds 10 s: when the consumer stops, some are surely in flight
        Stream<Request> endless = Stream.generate(() -> {
            int i = pulled.getAndIncrement();
            return Request.get(kit().url("/salvo/hold/" + (i % 4 == 3 ? 10_000 : 0) + "?i=" + i));
        }).onClose(() -> sourceClosed.set(true));
        List<Response> taken;
        try (Stream<Response> rs = kit().client().imap(endless, Batch.size(size))) {
            taken = rs.limit(take).toList();
        }
        assertThat(taken).as("responses taken").hasSize(take);
        assertThat(sourceClosed).as("input stream closed with the result").isTrue();
        // at most size in flight and size more ready to start
        assertThat(pulled.get()).as("requests pulled from the endless input").isLessThanOrEqualTo(take + 2 * size);
        await("in-flight requests cancelled (server: " + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0);
        // a finished request's place goes to the next one before the consumer has seen it: beyond the
        // ones taken, at most size in flight and size finished but not yet taken
        assertThat(stats.requestsReceived()).as("requests the server received").isLessThanOrEqualTo(take + 2 * size);
    }

    @Test
    default void imapPullsItsInputLazily() {
        AtomicInteger pulled = new AtomicInteger();
        Iterable<Request> counting = () -> Stream.generate(() -> {
            pulled.incrementAndGet();
            return Request.get(kit().httpbin("/get"));
        }).limit(50).iterator();
        try (Stream<Response> rs = kit().client().imap(counting, Batch.size(4))) {
            var it = rs.iterator();
            it.next();
            // 4 in flight and at most 4 more ready to start: of 50, no more than 1 + 2 x 4
            assertThat(pulled.get()).as("requests pulled after the first response, size 4").isLessThanOrEqualTo(1 + 2 * 4);
        }
    }

    @Test
    default void batchSizeDefaultsToABoundedHundred() {
        assertThat(Batch.defaults().size()).as("default batch size").isEqualTo(100).isEqualTo(Batch.DEFAULT_SIZE);
        assertThat(Batch.size(7).size()).as("Batch.size(7)").isEqualTo(7);
        assertThat(Batch.unbounded().size()).as("unbounded is an explicit choice").isEqualTo(Integer.MAX_VALUE);
        String ids = kit().client().map(List.of(Request.get(kit().httpbin("/get")))).stream()
                .map(r -> String.valueOf(r.status())).collect(Collectors.joining());
        assertThat(ids).as("map with the default batch").isEqualTo("200");
    }
}
