package dev.salvo.testserver;

import static dev.salvo.testserver.Support.get;
import static dev.salvo.testserver.Support.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoints for retry and rate-limit tests, and the arrival times they record. */
class RetriesTest extends AgainstTestServer {
    private static HttpClient client;

    @BeforeAll
    static void startClient() {
        client = Support.client();
    }

    @Test
    void flakyFailsTheFirstKRequestsOfItsKeyThenSucceeds() {
        for (int attempt = 1; attempt <= 2; attempt++) {
            HttpResponse<String> r = get(client, base, "/salvo/flaky/k1?fail=2&status=502");
            assertThat(r.statusCode()).as("attempt %d", attempt).isEqualTo(502);
            assertThat(json(r.body()).get("attempt").asInt()).isEqualTo(attempt);
            assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        }
        HttpResponse<String> ok = get(client, base, "/salvo/flaky/k1?fail=2&status=502");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok.body()).get("attempt").asInt()).isEqualTo(3);
        assertThat(json(ok.body()).get("key").asText()).isEqualTo("k1");
        assertThat(get(client, base, "/salvo/flaky/other").statusCode()).as("keys are separate; default 1 x 503")
                .isEqualTo(503);
        assertThat(server.stats().arrivals("k1")).hasSize(3).isSorted();
    }

    @Test
    void flakySendsRetryAfterAsGivenOrAsAnHttpDate() {
        assertThat(get(client, base, "/salvo/flaky/ra1?retry-after=7").headers().firstValue("Retry-After"))
                .hasValue("7");
        Instant before = Instant.now();
        String date = get(client, base, "/salvo/flaky/ra2?retry-after-date=30").headers().firstValue("Retry-After")
                .orElseThrow();
        Instant at = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(Duration.between(before, at).toSeconds()).isBetween(28L, 31L);
        assertThat(get(client, base, "/salvo/flaky/ra3?fail=x").statusCode()).isEqualTo(400);
    }

    @Test
    void flakyCanResetTheConnectionInstead() throws IOException {
        String request = "GET /salvo/flaky/rst?fault=reset HTTP/1.1\r\nHost: localhost\r\n\r\n";
        Support.RawResult first = Support.raw(base, request, 5000);
        assertThat(first.reset()).as("reset, got: %s", first.text()).isTrue();
        assertThat(first.bytes()).isEmpty();
        assertThat(get(client, base, "/salvo/flaky/rst?fault=reset").statusCode()).isEqualTo(200);
        assertThat(server.stats().arrivals("rst")).hasSize(2);
    }

    @Test
    void stampRecordsArrivalsInOrderAndResetForgetsThem() {
        long before = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(get(client, base, "/salvo/stamp/s1").statusCode()).isEqualTo(200);
        }
        List<Long> at = server.stats().arrivals("s1");
        assertThat(at).hasSize(3).isSorted().allSatisfy(t -> assertThat(t).isGreaterThan(before));
        assertThat(server.stats().arrivals("nothing")).isEmpty();
        server.stats().reset();
        assertThat(server.stats().arrivals("s1")).isEmpty();
    }
}
