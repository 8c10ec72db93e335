package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.Batch;
import dev.salvo.BatchListener;
import dev.salvo.Body;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.RateLimit;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Retry;
import dev.salvo.Salvo;
import dev.salvo.SalvoException;
import dev.salvo.spi.Capability;
import dev.salvo.testserver.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Contract items 18 and 19: retries (statuses, failure kinds, limits, idempotency,
 * {@code Retry-After}, the batch budget, backoff holding no place) and traffic shaping (rates,
 * global and per host, held at the server within 10%; per-host concurrency seen as the server's
 * peak). Attempts and rates are counted where they land: at the server, by
 * {@link Stats#arrivals(String)}.
 */
public interface RetryAndRateLimitTests extends KitContext {
    /** Three attempts, 10 to 20 ms apart: the tests wait on the engine, not on the policy. */
    Retry FAST = Retry.builder().maxAttempts(3).backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build();
    AtomicLong KEYS = new AtomicLong();

    @Test
    default void retriesAStatusUntilSuccess() {
        Stats stats = kit().quietStats();
        String key = key("until-ok");
        Response r = kit().client().execute(flaky(key, "fail=2&status=503").newBuilder().retry(FAST).build());
        assertThat(r.status()).as("status after two 503s").isEqualTo(200);
        assertThat(r.attempts()).as("attempts").isEqualTo(3);
        assertThat(stats.arrivals(key)).as("requests the server received").hasSize(3);
    }

    @Test
    default void givesUpAfterTheLimitWithTheLastResponse() {
        Stats stats = kit().quietStats();
        String key = key("limit-status");
        Response r = kit().client().execute(flaky(key, "fail=9&status=502").newBuilder().retry(FAST).build());
        assertThat(r.status()).as("the last response is the answer").isEqualTo(502);
        assertThat(r.attempts()).as("attempts").isEqualTo(3);
        assertThat(stats.arrivals(key)).as("requests the server received").hasSize(3);
    }

    @Test
    default void retriesAResetConnectionAndGivesUpWithTheLastError() {
        Stats stats = kit().quietStats();
        // A POST that opts in: no stack repeats a POST by itself, so each attempt reaches the server once.
        Retry anyMethod = FAST.newBuilder().retryNonIdempotent(true).build();
        String once = key("reset-once");
        Response r = kit().client().execute(Request.post(flakyUrl(once, "fail=1&fault=reset"), Body.text("x"))
                .newBuilder().retry(anyMethod).build());
        assertThat(r.status()).as("status after one reset").isEqualTo(200);
        assertThat(r.attempts()).as("attempts (server received %s)", stats.arrivals(once)).isEqualTo(2);

        String always = key("reset-always");
        SalvoException e = Kit.expectFailure(ErrorType.CONNECTION_RESET, () -> kit().client().execute(
                Request.post(flakyUrl(always, "fail=9&fault=reset"), Body.text("x")).newBuilder().retry(anyMethod)
                        .build()));
        assertThat(e.attempts()).as("attempts of the failure").isEqualTo(3);
        assertThat(stats.arrivals(always)).as("requests the server received").hasSize(3);
    }

    @Test
    default void aResetGetReachesTheServerOncePerAttempt() {
        kit().requires(Capability.EXACT_ATTEMPTS);
        Stats stats = kit().quietStats();
        String key = key("reset-get");
        SalvoException e = Kit.expectFailure(ErrorType.CONNECTION_RESET, () -> kit().client().execute(
                flaky(key, "fail=9&fault=reset").newBuilder().retry(FAST).build()));
        assertThat(e.attempts()).as("attempts of the failure").isEqualTo(3);
        assertThat(stats.arrivals(key)).as("GETs the server received for 3 attempts").hasSize(3);
    }

    @Test
    default void postIsNotRetriedUnlessOptedIn() {
        Stats stats = kit().quietStats();
        String plain = key("post");
        Response r = kit().client().execute(Request.post(flakyUrl(plain, "fail=1&status=503"), Body.text("once"))
                .newBuilder().retry(FAST).build());
        assertThat(r.status()).as("a POST's 503 is the answer").isEqualTo(503);
        assertThat(stats.arrivals(plain)).as("POSTs the server received").hasSize(1);

        String optedIn = key("post-opted-in");
        Response again = kit().client().execute(Request.post(flakyUrl(optedIn, "fail=1&status=503"), Body.text("twice"))
                .newBuilder().retry(FAST.newBuilder().retryNonIdempotent(true).build()).build());
        assertThat(again.status()).as("status with retryNonIdempotent").isEqualTo(200);
        assertThat(stats.arrivals(optedIn)).as("POSTs the server received").hasSize(2);
    }

    @Test
    default void retryAfterInSecondsIsWaitedFor() {
        Stats stats = kit().quietStats();
        String key = key("retry-after");
        Response r = kit().client().execute(flaky(key, "fail=1&status=503&retry-after=1").newBuilder().retry(FAST)
                .build());
        assertThat(r.status()).isEqualTo(200);
        List<Long> at = stats.arrivals(key);
        assertThat(at).hasSize(2);
        assertThat(Duration.ofNanos(at.get(1) - at.get(0))).as("gap at the server after Retry-After: 1")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    default void retryAfterAsAnHttpDateIsWaitedFor() {
        Stats stats = kit().quietStats();
        String key = key("retry-after-date");
        Response r = kit().client().execute(flaky(key, "fail=1&status=429&retry-after-date=2").newBuilder()
                .retry(FAST).build());
        assertThat(r.status()).isEqualTo(200);
        List<Long> at = stats.arrivals(key);
        assertThat(at).hasSize(2);
        // The date has whole seconds: 2 s ahead, truncated, is at least 1 s ahead.
        assertThat(Duration.ofNanos(at.get(1) - at.get(0))).as("gap at the server after a Retry-After date 2 s ahead")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    default void aRetryAfterBeyondTheCapEndsTheRetries() {
        Stats stats = kit().quietStats();
        String key = key("retry-after-cap");
        Response r = kit().client().execute(flaky(key, "fail=1&status=503&retry-after=120").newBuilder()
                .retry(FAST.newBuilder().respectRetryAfter(Duration.ofSeconds(30)).build()).build());
        assertThat(r.status()).as("the 503 is returned rather than retried too early").isEqualTo(503);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(stats.arrivals(key)).hasSize(1);
    }

    @Test
    default void theListenerCountsRetriesAndTheBudgetCapsThem() {
        Stats stats = kit().quietStats();
        AtomicInteger retried = new AtomicInteger();
        BatchListener listener = new BatchListener() {
            @Override
            public void onRetried(long index, Request request, int attempt, SalvoException cause) {
                retried.incrementAndGet();
            }
        };
        List<String> keys = IntStream.range(0, 3).mapToObj(i -> key("listener" + i)).toList();
        List<Request> reqs = IntStream.range(0, 3).mapToObj(i -> flaky(keys.get(i), "fail=" + i + "&status=500"))
                .toList();
        List<Response> rs = kit().client().map(reqs, Batch.size(3).retry(FAST).listener(listener));
        assertThat(rs).extracting(Response::status).containsExactly(200, 200, 200);
        assertThat(rs).extracting(Response::attempts).containsExactly(1, 2, 3);
        assertThat(retried.get()).as("retries the listener heard").isEqualTo(3);

        List<String> failing = IntStream.range(0, 4).mapToObj(i -> key("budget" + i)).toList();
        List<Request> hopeless = failing.stream().map(k -> flaky(k, "fail=99&status=503")).toList();
        kit().client().map(hopeless, Batch.size(4).retry(FAST.newBuilder().maxAttempts(5).build()).retryBudget(3));
        int received = failing.stream().mapToInt(k -> stats.arrivals(k).size()).sum();
        assertThat(received).as("4 first attempts plus a budget of 3 retries, at the server").isEqualTo(7);
    }

    @Test
    default void aRequestBackingOffHoldsNoPlace() {
        kit().quietStats();
        Retry slow = Retry.builder().maxAttempts(2).backoff(Duration.ofMillis(600), Duration.ofMillis(600))
                .jitter(false).build();
        List<Request> reqs = List.of(flaky(key("backoff"), "fail=1&status=503"),
                Request.get(kit().url("/salvo/stamp/" + key("b1"))), Request.get(kit().url("/salvo/stamp/" + key("b2"))));
        List<Long> order;
        try (Stream<Outcome> os = kit().client().imapEnumerated(reqs, Batch.size(1).retry(slow))) {
            order = os.peek(o -> assertThat(o.isSuccess()).as("outcome %s", o).isTrue()).map(Outcome::index).toList();
        }
        assertThat(order).as("at size 1, the others finish while the first waits out its backoff")
                .containsExactly(1L, 2L, 0L);
    }

    @Test
    default void aRateIsHeldAtTheServer() {
        Stats stats = kit().quietStats();
        Salvo client = kit().client(c -> c.rateLimit(RateLimit.perSecond(40)));
        String key = key("rate");
        List<Request> reqs = IntStream.range(0, 61).mapToObj(i -> stamp(key)).toList();
        assertThat(client.map(reqs, Batch.size(16))).doesNotContainNull();
        assertRate(stats.arrivals(key), 40, "61 requests limited to 40/s");
    }

    @Test
    default void aPerHostRateIsHeldForEachHost() {
        Stats stats = kit().quietStats();
        Salvo client = kit().client(c -> c.rateLimitPerHost(RateLimit.perSecond(20)));
        String a = key("host-a");
        String b = key("host-b");
        String other = kit().server().httpUrlOtherHost().toString();
        List<Request> reqs = IntStream.range(0, 42).mapToObj(i -> i % 2 == 0 ? stamp(a)
                : Request.get(other + "/salvo/stamp/" + b)).toList();
        assertThat(client.map(reqs, Batch.size(16))).doesNotContainNull();
        assertRate(stats.arrivals(a), 20, "21 requests to one host at 20/s per host");
        assertRate(stats.arrivals(b), 20, "21 requests to another host at 20/s per host");
    }

    @Test
    default void retriesAreRateLimitedToo() {
        Stats stats = kit().quietStats();
        Salvo client = kit().client(c -> c.rateLimit(RateLimit.perSecond(40)));
        List<String> keys = IntStream.range(0, 20).mapToObj(i -> key("rate-retry" + i)).toList();
        List<Request> reqs = keys.stream().map(k -> flaky(k, "fail=1&status=503")).toList();
        assertThat(client.map(reqs, Batch.size(20).retry(FAST))).extracting(Response::status).containsOnly(200);
        List<Long> all = new ArrayList<>();
        keys.forEach(k -> all.addAll(stats.arrivals(k)));
        all.sort(null);
        assertThat(all).as("first attempts and retries").hasSize(40);
        assertRate(all, 40, "20 requests and their 20 retries at 40/s");
    }

    @Test
    default void aPerHostLimitIsThePeakInFlightAtTheServer() {
        Stats stats = kit().quietStats();
        List<Request> oneHost = IntStream.range(0, 12).mapToObj(i -> Request.get(kit().url("/salvo/hold/300?i=" + i)))
                .toList();
        assertThat(kit().client().map(oneHost, Batch.size(16).perHost(4))).doesNotContainNull();
        assertThat(stats.peakInFlight()).as("peak in flight, one host at perHost 4 (%s)", stats).isEqualTo(4);

        kit().awaitServerIdle();
        stats.reset();
        String other = kit().server().httpUrlOtherHost().toString();
        List<Request> twoHosts = IntStream.range(0, 16).mapToObj(i -> Request.get(
                (i % 2 == 0 ? kit().url("") : other) + "/salvo/hold/300?i=" + i)).toList();
        assertThat(kit().client().map(twoHosts, Batch.size(16).perHost(4))).doesNotContainNull();
        assertThat(stats.peakInFlight()).as("peak in flight, two hosts at perHost 4 (%s)", stats).isEqualTo(8);
    }

    private Request flaky(String key, String query) {
        return Request.get(flakyUrl(key, query));
    }

    private String flakyUrl(String key, String query) {
        return kit().url("/salvo/flaky/" + key + "?" + query);
    }

    private Request stamp(String key) {
        return Request.get(kit().url("/salvo/stamp/" + key));
    }

    /** A key no other test (nor an earlier run against the same server) uses. */
    private static String key(String name) {
        return name + "-" + KEYS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    /** Requests per second over the span of {@code arrivals} is within 10% of {@code rate}. */
    private static void assertRate(List<Long> arrivals, double rate, String what) {
        assertThat(arrivals).as(what + ": arrivals").hasSizeGreaterThan(10);
        double seconds = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1e9;
        double measured = (arrivals.size() - 1) / seconds;
        assertThat(measured).as(what + ": requests per second at the server over %.2f s", seconds)
                .isBetween(rate * 0.9, rate * 1.1);
    }
}
