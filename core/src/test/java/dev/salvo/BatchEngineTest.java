package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The batch engine's grequests semantics, against a scripted transport. */
class BatchEngineTest extends AgainstFakeTransport {
    @Test
    void mapKeepsInputOrderWithFailuresAsNull() {
        List<Request> reqs = List.of(get("/delay/30"), get("/refused"), get("/delay/1"), get("/status/500"));
        List<Response> rs = salvo.map(reqs, Batch.size(4));
        assertThat(rs).hasSize(4);
        assertThat(rs.get(0).text()).isEqualTo("GET /delay/30");
        assertThat(rs.get(1)).as("a failure is null without a handler").isNull();
        assertThat(rs.get(2).text()).isEqualTo("GET /delay/1");
        assertThat(rs.get(3).status()).as("a 500 is a response, not an error").isEqualTo(500);
    }

    @Test
    void mapPutsTheHandlersValueInAFailedSlot() {
        Response placeholder = Response.builder().status(599).build();
        List<SalvoException> seen = new ArrayList<>();
        List<Response> rs = salvo.map(List.of(get("/refused"), get("/ok")), Batch.size(2).onError((req, e) -> {
            seen.add(e);
            return placeholder;
        }));
        assertThat(rs.get(0)).isSameAs(placeholder);
        assertThat(seen).singleElement().extracting(SalvoException::type).isEqualTo(ErrorType.CONNECT_REFUSED);
    }

    @Test
    void imapYieldsInCompletionOrderAndDropsFailuresWhoseHandlerReturnsNull() {
        List<Request> reqs = List.of(get("/delay/150"), get("/refused"), get("/delay/1"));
        try (Stream<Response> s = salvo.imap(reqs, Batch.size(3).onError((r, e) -> null))) {
            List<String> texts = s.map(Response::text).toList();
            assertThat(texts).containsExactly("GET /delay/1", "GET /delay/150");
        }
    }

    @Test
    void imapEnumeratedYieldsEveryIndexExactlyOnceFailuresIncluded() {
        List<Request> reqs = IntStream.range(0, 200).mapToObj(i -> i % 7 == 0 ? get("/refused") : get("/delay/" + (i % 5)))
                .toList();
        try (Stream<Outcome> s = salvo.imapEnumerated(reqs, Batch.size(16))) {
            List<Outcome> all = s.toList();
            assertThat(all).hasSize(200);
            assertThat(all.stream().map(Outcome::index).collect(Collectors.toSet())).hasSize(200);
            assertThat(all.stream().filter(o -> !o.isSuccess()).count()).isEqualTo(29);
            all.forEach(o -> assertThat(o.request()).isSameAs(reqs.get((int) o.index())));
        }
    }

    @Test
    void sizeBoundsRequestsInFlightAndIsReached() {
        List<Request> reqs = IntStream.range(0, 300).mapToObj(i -> get("/delay/5")).toList();
        salvo.map(reqs, Batch.size(17));
        assertThat(transport.peak.get()).as("peak in flight for size 17").isEqualTo(17);
    }

    @Test
    void defaultBatchIsBoundedAtOneHundred() {
        List<Request> reqs = IntStream.range(0, 400).mapToObj(i -> get("/delay/5")).toList();
        salvo.map(reqs);
        assertThat(transport.peak.get()).isEqualTo(Batch.DEFAULT_SIZE);
    }

    @Test
    void imapPullsALazyEndlessInputAtMostTwiceTheSizeAhead() {
        AtomicInteger pulled = new AtomicInteger();
        Stream<Request> endless = Stream.generate(() -> {
            pulled.incrementAndGet();
            return get("/delay/1");
        });
        try (Stream<Response> s = salvo.imap(endless, Batch.size(8))) {
            assertThat(s.limit(50).count()).isEqualTo(50);
        }
        // 8 in flight and up to 8 more ready to take a place the moment one frees
        assertThat(pulled.get()).as("requests pulled from an endless input").isLessThanOrEqualTo(50 + 2 * 8);
    }

    @Test
    void closingAnImapStreamEarlyCancelsWhatIsInFlight() {
        List<Request> reqs = new ArrayList<>();
        reqs.add(get("/delay/1"));
        IntStream.range(0, 20).forEach(i -> reqs.add(get("/hang")));
        try (Stream<Response> s = salvo.imap(reqs, Batch.size(10))) {
            assertThat(s.findFirst()).isPresent();
        }
        // the first response's place went at once to the next request: 10 hang when the stream closes
        assertThat(transport.cancelled.get()).as("hanging exchanges cancelled on close").isEqualTo(10);
        assertThat(transport.inFlight.get()).isZero();
    }

    @Test
    void deadlineCancelsEverythingUnfinishedAndReportsTheUnsentRest() {
        List<Request> reqs = IntStream.range(0, 30).mapToObj(i -> i == 0 ? get("/ok") : get("/hang")).toList();
        long t0 = System.nanoTime();
        List<Outcome> out = salvo.mapOutcomes(reqs, Batch.size(10).deadline(Duration.ofMillis(300)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ms).as("map returns soon after the deadline").isBetween(250L, 3000L);
        assertThat(out).hasSize(30);
        assertThat(out.get(0).isSuccess()).isTrue();
        assertThat(out.subList(1, 30)).allSatisfy(o ->
                assertThat(o.errorOrNull().type()).isEqualTo(ErrorType.DEADLINE_EXCEEDED));
        assertThat(transport.received).as("requests sent: 1 ok + 10 slots").hasSize(11);
        assertThat(transport.cancelled.get()).isEqualTo(10);
        assertThat(transport.inFlight.get()).isZero();
    }

    @Test
    void interruptingTheConsumerEndsTheBatchAndCancelsWhatIsInFlight() throws Exception {
        List<Request> reqs = IntStream.range(0, 10).mapToObj(i -> get("/hang")).toList();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread consumer = new Thread(() -> {
            try {
                salvo.map(reqs, Batch.size(4));
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        consumer.start();
        while (transport.inFlight.get() < 4) {
            Thread.onSpinWait();
        }
        consumer.interrupt();
        Throwable t = thrown.get(5, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(SalvoException.class);
        assertThat(((SalvoException) t).type()).isEqualTo(ErrorType.CANCELLED);
        assertThat(transport.cancelled.get()).as("in-flight exchanges cancelled").isEqualTo(4);
    }

    @Test
    void userCodeRunsOnTheConsumerOrCallbackThreadsNeverOnIo() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Thread consumer = Thread.currentThread();
        BatchListener listener = new BatchListener() {
            @Override
            public void onSubmitted(long index, Request request) {
                threads.add("listener:" + (Thread.currentThread() == consumer));
            }

            @Override
            public void onStarted(long index, Request request) {
                // requests are started by whichever thread frees a place, but reported on the consumer
                threads.add("listener:" + (Thread.currentThread() == consumer));
            }

            @Override
            public void onSucceeded(long index, Request request, Response response) {
                threads.add("listener:" + (Thread.currentThread() == consumer));
            }
        };
        List<Request> reqs = IntStream.range(0, 20).mapToObj(i -> get("/ok").newBuilder().callback(r -> {
            threads.add("callback:" + Thread.currentThread().getName().replaceAll("\\d+", "N"));
            return r;
        }).build()).toList();
        salvo.map(reqs, Batch.size(5).listener(listener));
        assertThat(threads).containsExactlyInAnyOrder("listener:true", "callback:salvo-N-callback-N");
    }

    @Test
    void aFinishedRequestsPlaceGoesToTheNextWithoutWaitingForTheConsumer() {
        List<Request> reqs = IntStream.range(0, 10).mapToObj(i -> get("/delay/1?i=" + i)).toList();
        try (Stream<Response> s = salvo.imap(reqs, Batch.size(2))) {
            Iterator<Response> it = s.iterator();
            assertThat(it.next().status()).isEqualTo(200);
            // The consumer now stays away. The 2 requests taken ahead still start, each as a place frees.
            await().atMost(Duration.ofSeconds(5)).until(() -> transport.received.size() == 4);
            assertThat(transport.peak.get()).as("most in flight at once").isLessThanOrEqualTo(2);
            List<Response> rest = new ArrayList<>();
            it.forEachRemaining(rest::add);
            assertThat(rest).hasSize(9);
        }
        assertThat(transport.received).hasSize(10);
    }

    @Test
    void listenerEventsOfEachRequestComeInOrder() {
        Map<Long, List<String>> events = new ConcurrentHashMap<>();
        BatchListener l = new BatchListener() {
            @Override
            public void onSubmitted(long index, Request request) {
                events.computeIfAbsent(index, i -> new ArrayList<>()).add("submitted");
            }

            @Override
            public void onStarted(long index, Request request) {
                events.computeIfAbsent(index, i -> new ArrayList<>()).add("started");
            }

            @Override
            public void onSucceeded(long index, Request request, Response response) {
                events.computeIfAbsent(index, i -> new ArrayList<>()).add("succeeded");
            }
        };
        List<Request> reqs = IntStream.range(0, 200).mapToObj(i -> get("/delay/0?i=" + i)).toList();
        salvo.map(reqs, Batch.size(8).listener(l));
        assertThat(events).hasSize(200);
        assertThat(events.values()).allSatisfy(e -> assertThat(e).containsExactly("submitted", "started", "succeeded"));
    }

    @Test
    void listenerCountsAddUp() {
        AtomicInteger submitted = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger bytes = new AtomicInteger();
        BatchListener l = new BatchListener() {
            @Override
            public void onSubmitted(long index, Request request) {
                submitted.incrementAndGet();
            }

            @Override
            public void onStarted(long index, Request request) {
                started.incrementAndGet();
            }

            @Override
            public void onSucceeded(long index, Request request, Response response) {
                ok.incrementAndGet();
            }

            @Override
            public void onFailed(long index, Request request, SalvoException error) {
                failed.incrementAndGet();
            }

            @Override
            public void onBytes(long n) {
                bytes.addAndGet((int) n);
            }
        };
        List<Request> reqs = IntStream.range(0, 10).mapToObj(i -> i < 3 ? get("/refused") : get("/ok")).toList();
        salvo.map(reqs, Batch.size(4).listener(l));
        assertThat(List.of(submitted.get(), started.get(), ok.get(), failed.get())).containsExactly(10, 10, 7, 3);
        assertThat(bytes.get()).isEqualTo(7 * "GET /ok".length());
    }

    @Test
    void callbackMayTransformAndAThrowingCallbackIsACallbackFailure() {
        Request transformed = get("/ok").newBuilder().callback(r -> r.newBuilder().status(299).build()).build();
        Request throwing = get("/ok").newBuilder().callback(r -> {
            throw new IllegalStateException("boom");
        }).build();
        List<Outcome> out = salvo.mapOutcomes(List.of(transformed, throwing), Batch.size(2));
        assertThat(out.get(0).responseOrNull().status()).isEqualTo(299);
        assertThat(out.get(1).errorOrNull().type()).isEqualTo(ErrorType.CALLBACK);
        assertThat(out.get(1).errorOrNull()).hasRootCauseMessage("boom");
    }

    @Test
    void sendCompletesOffTheIoThreadAndCancellingItAbortsTheExchange() throws Exception {
        // The answer waits until the dependent stage is attached, so that stage runs on the
        // completing thread rather than on this one (a stage added to a done future runs here).
        java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);
        transport.answers.put("/gated", r -> {
            try {
                attached.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return dev.salvo.spi.TransportResponse.buffered(200, "OK", Headers.empty(), new byte[0]);
        });
        CompletableFuture<String> thread = salvo.send(get("/gated")).thenApply(r -> Thread.currentThread().getName());
        attached.countDown();
        assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("salvo-").doesNotContain("fake-io");

        CompletableFuture<Response> hanging = salvo.send(get("/hang"));
        assertThat(hanging.cancel(true)).isTrue();
        assertThat(transport.cancelled.get()).isEqualTo(1);
    }

    @Test
    void closeFailsPendingRequestsAndLaterUseIsAClearError() {
        CompletableFuture<Response> pending = salvo.send(get("/hang"));
        salvo.close();
        assertThatThrownBy(pending::join).hasCauseInstanceOf(SalvoException.class)
                .cause().extracting(e -> ((SalvoException) e).type()).isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThat(transport.closed).isTrue();
        assertThatThrownBy(() -> salvo.send(get("/ok"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        salvo.close();
    }

    @Test
    void nullInAMapListIsRejectedBeforeAnythingIsSent() {
        List<Request> reqs = new ArrayList<>();
        reqs.add(get("/ok"));
        reqs.add(null);
        assertThatThrownBy(() -> salvo.map(reqs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requests[1]");
        assertThat(transport.received).isEmpty();
    }

    @Test
    void nullInALazyInputIsAnInvalidRequestFailureInItsSlot() {
        Stream<Request> lazy = Stream.of(get("/ok"), null, get("/ok"));
        try (Stream<Outcome> s = salvo.imapEnumerated(lazy, Batch.size(2))) {
            List<Outcome> all = s.sorted(java.util.Comparator.comparingLong(Outcome::index)).toList();
            assertThat(all).extracting(Outcome::isSuccess).containsExactly(true, false, true);
            assertThat(all.get(1).errorOrNull().type()).isEqualTo(ErrorType.INVALID_REQUEST);
            assertThat(all.get(1).errorOrNull()).hasMessageContaining("index 1 is null");
        }
        assertThat(transport.received).hasSize(2);
    }

    @Test
    void relativeUrlWithoutBaseIsRejectedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> salvo.map(List.of(get("/ok"), Request.get("/items/1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests[1]").hasMessageContaining("base URL");
        assertThat(transport.received).isEmpty();
    }

    @Test
    void requestTimeoutAbortsTheExchange() {
        Request slow = get("/hang").newBuilder().timeout(Duration.ofMillis(100)).build();
        assertThatThrownBy(() -> salvo.execute(slow)).isInstanceOf(SalvoException.class)
                .extracting(e -> ((SalvoException) e).type()).isEqualTo(ErrorType.REQUEST_TIMEOUT);
        assertThat(transport.cancelled.get()).isEqualTo(1);
    }

    @Test
    void sameRequestValueCanBeSentManyTimes() {
        Request r = get("/ok");
        List<Response> rs = salvo.map(List.of(r, r, r));
        assertThat(new HashSet<>(rs.stream().map(Response::text).toList())).containsExactly("GET /ok");
        assertThat(rs).allSatisfy(x -> assertThat(x.request()).isSameAs(r));
    }
}
