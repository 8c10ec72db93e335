package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Retries, their budget, per-host limits and rate limits in core, against a scripted transport. */
class RetryEngineTest extends AgainstFakeTransport {
    /** Retries with a 1 ms backoff, so that the tests wait on the engine, not on the policy. */
    private static final Retry FAST = Retry.builder().maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
            .build();

    private static Request flaky(String key, int fail, String status) {
        return Request.get(url("/flaky/" + key + "?fail=" + fail + "&status=" + status));
    }

    @Test
    void retriesAStatusUntilSuccessAndCountsTheAttempts() {
        Response r = salvo.execute(flaky("a", 2, "503").newBuilder().retry(FAST).build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("attempt 3");
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(transport.count("/flaky/a")).isEqualTo(3);
    }

    @Test
    void raiseForStatusCarriesTheAttemptsTheResponseTook() {
        Retry six = FAST.newBuilder().maxAttempts(6).retryOnStatus(503).build();
        Response r = salvo.execute(flaky("six", 10, "503").newBuilder().retry(six).build());
        assertThat(r.attempts()).as("attempts of the response").isEqualTo(6);

        SalvoException e = (SalvoException) catchThrowable(r::raiseForStatus);
        assertThat(e.type()).isEqualTo(ErrorType.HTTP_STATUS);
        assertThat(e.attempts()).as("attempts of raiseForStatus()'s exception").isEqualTo(6);
        assertThat(e.response()).isSameAs(r);
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheLastResponse() {
        Response r = salvo.execute(flaky("b", 5, "502").newBuilder().retry(FAST).build());
        assertThat(r.status()).as("the last response is the answer, whatever its status").isEqualTo(502);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(transport.count("/flaky/b")).isEqualTo(3);
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheLastError() {
        SalvoException e = catchSalvo(() -> salvo.execute(flaky("c", 5, "refused").newBuilder().retry(FAST).build()));
        assertThat(e.type()).isEqualTo(ErrorType.CONNECT_REFUSED);
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.getMessage()).contains("after 3 attempts");
        assertThat(transport.count("/flaky/c")).isEqualTo(3);
    }

    @Test
    void aStatusNotInThePolicyIsNotRetried() {
        Response r = salvo.execute(flaky("d", 1, "404").newBuilder().retry(FAST).build());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(transport.count("/flaky/d")).isEqualTo(1);
    }

    @Test
    void postIsNotRetriedOnAStatusUnlessOptedIn() {
        Request post = Request.post(url("/flaky/e?fail=1&status=503"), Body.text("x")).newBuilder().retry(FAST).build();
        assertThat(salvo.execute(post).status()).isEqualTo(503);
        assertThat(transport.count("/flaky/e")).isEqualTo(1);

        Request optedIn = Request.post(url("/flaky/f?fail=1&status=503"), Body.text("x")).newBuilder()
                .retry(FAST.newBuilder().retryNonIdempotent(true).build()).build();
        Response r = salvo.execute(optedIn);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.attempts()).isEqualTo(2);
    }

    @Test
    void postIsRetriedWhenNothingWasSent() {
        Request post = Request.post(url("/flaky/g?fail=1&status=refused"), Body.text("x")).newBuilder().retry(FAST)
                .build();
        Response r = salvo.execute(post);
        assertThat(r.status()).as("a refused connect never reached the server, so any method may go again")
                .isEqualTo(200);
        assertThat(r.attempts()).isEqualTo(2);
    }

    @Test
    void theMostSpecificPolicyApplies() {
        Retry two = FAST.newBuilder().maxAttempts(2).build();
        Retry four = FAST.newBuilder().maxAttempts(4).build();
        try (Salvo client = Salvo.create(SalvoConfig.builder().retry(FAST).build(), FakeTransport.provider(transport))) {
            assertThat(client.execute(flaky("p1", 9, "503")).attempts()).as("client policy").isEqualTo(3);
            Session session = client.newSession().retry(two).build();
            assertThat(session.execute(flaky("p2", 9, "503")).attempts()).as("session over client").isEqualTo(2);
            List<Response> batch = session.map(List.of(flaky("p3", 9, "503"), flaky("p4", 9, "503").newBuilder()
                    .retry(Retry.none()).build()), Batch.size(2).retry(four));
            assertThat(batch.get(0).attempts()).as("batch over session").isEqualTo(4);
            assertThat(batch.get(1).attempts()).as("request over batch").isEqualTo(1);
        }
    }

    @Test
    void theListenerHearsEachRetry() {
        List<String> retried = Collections.synchronizedList(new ArrayList<>());
        BatchListener listener = new BatchListener() {
            @Override
            public void onRetried(long index, Request request, int attempt, SalvoException cause) {
                retried.add(index + ":" + attempt + ":" + cause.type() + ":"
                        + (cause.response() == null ? "-" : cause.response().status()));
            }
        };
        salvo.map(List.of(flaky("l1", 2, "503"), flaky("l2", 1, "refused")), Batch.size(2).retry(FAST).listener(listener));
        assertThat(retried).containsExactlyInAnyOrder("0:1:HTTP_STATUS:503", "0:2:HTTP_STATUS:503",
                "1:1:CONNECT_REFUSED:-");
    }

    @Test
    void theRetryBudgetCapsRetriesAcrossTheBatch() {
        Retry many = FAST.newBuilder().maxAttempts(10).build();
        List<Request> reqs = IntStream.range(0, 5).mapToObj(i -> flaky("budget" + i, 100, "503")).toList();
        List<Response> rs = salvo.map(reqs, Batch.size(5).retry(many).retryBudget(3));
        assertThat(rs).allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
        assertThat(transport.received).as("5 first attempts and 3 retries").hasSize(8);
        assertThat(rs.stream().mapToInt(Response::attempts).sum()).isEqualTo(8);
    }

    @Test
    void aRequestBackingOffHoldsNoPlaceInTheBatch() {
        Retry slow = Retry.builder().maxAttempts(2).backoff(Duration.ofMillis(400), Duration.ofMillis(400)).jitter(false)
                .build();
        List<Request> reqs = List.of(flaky("slow", 1, "503"), Request.get(url("/ok?n=1")), Request.get(url("/ok?n=2")));
        List<Long> order;
        try (Stream<Outcome> s = salvo.imapEnumerated(reqs, Batch.size(1).retry(slow))) {
            order = s.map(Outcome::index).toList();
        }
        assertThat(order).as("with size 1, the two others finish while the first waits out its backoff")
                .containsExactly(1L, 2L, 0L);
        assertThat(transport.peak.get()).isEqualTo(1);
    }

    @Test
    void aDeadlineEndsARequestWaitingOutItsBackoff() {
        Retry slow = Retry.builder().maxAttempts(2).backoff(Duration.ofSeconds(30), Duration.ofSeconds(30)).jitter(false)
                .build();
        long start = System.nanoTime();
        List<Outcome> os = salvo.mapOutcomes(List.of(flaky("dl", 1, "503")),
                Batch.size(1).retry(slow).deadline(Duration.ofMillis(200)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(os.get(0).errorOrNull().type()).isEqualTo(ErrorType.DEADLINE_EXCEEDED);
    }

    @Test
    void attemptTimeoutsAreRetriedAndTheTotalTimeoutEndsThemAll() {
        Request hang = Request.builder("GET", url("/hang")).timeout(Duration.ofMillis(50)).retry(FAST).build();
        SalvoException perAttempt = catchSalvo(() -> salvo.execute(hang));
        assertThat(perAttempt.type()).isEqualTo(ErrorType.REQUEST_TIMEOUT);
        assertThat(perAttempt.attempts()).isEqualTo(3);
        assertThat(transport.cancelled.get()).as("each timed-out exchange was cancelled").isEqualTo(3);

        Request bounded = hang.newBuilder().retry(FAST.newBuilder().maxAttempts(100).build())
                .totalTimeout(Duration.ofMillis(300)).build();
        SalvoException total = catchSalvo(() -> salvo.execute(bounded));
        assertThat(total.type()).isEqualTo(ErrorType.TOTAL_TIMEOUT);
        assertThat(total.attempts()).isBetween(2, 99);
    }

    @Test
    void perHostLimitsRequestsInFlightToEachHost() {
        List<Request> oneHost = IntStream.range(0, 40).mapToObj(i -> Request.get(url("/delay/10?i=" + i))).toList();
        assertThat(salvo.map(oneHost, Batch.size(20).perHost(3))).doesNotContainNull();
        assertThat(transport.peak.get()).as("peak for one host at perHost 3").isEqualTo(3);

        transport.peak.set(0);
        List<Request> twoHosts = IntStream.range(0, 40).mapToObj(i -> Request.get(
                (i % 2 == 0 ? "http://a.test" : "http://b.test") + "/delay/10?i=" + i)).toList();
        List<Outcome> os = salvo.mapOutcomes(twoHosts, Batch.size(20).perHost(3));
        assertThat(os).allMatch(Outcome::isSuccess);
        assertThat(os).extracting(Outcome::index).containsExactlyElementsOf(
                IntStream.range(0, 40).mapToObj(i -> (long) i).toList());
        assertThat(transport.peak.get()).as("peak for two hosts at perHost 3").isEqualTo(6);
    }

    @Test
    void perHostWaitersAreBoundedByTwiceTheSize() {
        AtomicInteger pulled = new AtomicInteger();
        Stream<Request> endless = Stream.generate(() -> {
            pulled.incrementAndGet();
            return Request.get(url("/delay/5"));
        });
        try (Stream<Response> s = salvo.imap(endless, Batch.size(10).perHost(2))) {
            assertThat(s.limit(3).count()).isEqualTo(3);
        }
        assertThat(pulled.get()).as("requests taken from the input").isLessThanOrEqualTo(2 * 10 + 3);
    }

    @Test
    void aRateLimitSpacesEveryExchangeRetriesIncluded() {
        SalvoConfig config = SalvoConfig.builder().rateLimit(RateLimit.perSecond(100)).build();
        try (Salvo limited = Salvo.create(config, FakeTransport.provider(transport))) {
            List<Request> reqs = IntStream.range(0, 10).mapToObj(i -> flaky("rate" + i, 1, "503")).toList();
            limited.map(reqs, Batch.size(10).retry(FAST));
        }
        List<Long> at = transport.arrivals;
        assertThat(at).as("10 first attempts and 10 retries").hasSize(20);
        double spanMs = (at.get(19) - at.get(0)) / 1e6;
        assertThat(spanMs).as("20 exchanges at 100/s take at least 19 intervals of 10 ms").isGreaterThanOrEqualTo(185);
    }

    @Test
    void sendAndExecuteRetryToo() throws ExecutionException, InterruptedException {
        Response r = salvo.send(flaky("send", 1, "500").newBuilder().retry(FAST).build()).get();
        assertThat(r.attempts()).isEqualTo(2);
    }

    private static SalvoException catchSalvo(Runnable r) {
        try {
            r.run();
        } catch (SalvoException e) {
            return e;
        }
        throw new AssertionError("expected a SalvoException");
    }
}
