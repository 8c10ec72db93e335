package dev.salvo.examples;

import dev.salvo.Batch;
import dev.salvo.RateLimit;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Retry;
import dev.salvo.Salvo;
import dev.salvo.testserver.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An API that sometimes answers 503 and allows 50 calls a second: retry with backoff, honour
 * Retry-After, and stay under the limit, retries included. The test server's
 * {@code /salvo/flaky/{key}?fail=N} answers 503 to the first N requests of each key.
 * Run: {@code java dev.salvo.examples.RetryRateLimitExample [BASE_URL]}.
 */
public final class RetryRateLimitExample {
    private RetryRateLimitExample() {
    }

    /**
     * Sends {@code count} requests that each fail twice first, through a client made from
     * {@code builder} ({@code Salvo.builder()}: the transport on the classpath); returns each
     * response's "status after attempts".
     */
    public static List<String> run(Salvo.Builder builder, String baseUrl, int count) {
        try (Salvo salvo = builder
                .retry(Retry.builder()
                        .maxAttempts(4)                                      // the first attempt counts
                        .retryOnStatus(500, 502, 503, 504)
                        .backoff(Duration.ofMillis(20), Duration.ofSeconds(1))   // exponential, full jitter
                        .respectRetryAfter(Duration.ofSeconds(5))
                        .build())
                .rateLimit(RateLimit.perSecond(50))                          // every attempt takes a token
                .build()) {
            String run = Long.toHexString(System.nanoTime());               // fresh keys on each run
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                requests.add(Request.get(baseUrl + "/salvo/flaky/" + run + "-" + i + "?fail=2"));
            }
            List<String> out = new ArrayList<>();
            for (Response r : salvo.map(requests, Batch.size(8).retryBudget(100))) {  // at most 100 retries in all
                out.add(r == null ? "failed" : r.status() + " after " + r.attempts());
            }
            return out;
        }
    }

    public static void main(String[] args) {
        try (TestServer server = args.length == 0 ? TestServer.start() : null) {
            String base = args.length > 0 ? args[0] : server.httpUrl().toString();
            run(Salvo.builder(), base, 10).forEach(System.out::println);
        }
    }
}
