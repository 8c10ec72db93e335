package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salvo.testserver.TestServer;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code salvo fetch} traffic shaping (--rate, --per-host, --concurrency) and TLS options. */
class TrafficAndTlsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String repeat(int n, String url) {
        return IntStream.range(0, n).mapToObj(i -> url + (url.contains("?") ? "&" : "?") + "i=" + i)
                .collect(Collectors.joining("\n"));
    }

    @Test
    void theRateSpacesRequestsAtTheServer() {
        String key = "rate-" + System.nanoTime();

        Cli.Run run = Cli.run(repeat(11, server.httpUrl() + "/salvo/stamp/" + key), "fetch", "--rate", "20");

        assertThat(run.exit()).as(run.toString()).isZero();
        List<Long> arrivals = server.stats().arrivals(key);
        assertThat(arrivals).hasSize(11);
        long spanMs = (arrivals.get(10) - arrivals.get(0)) / 1_000_000;
        // Unlimited, 11 requests arrive within a few ms; the first one's connection setup may eat into the span.
        assertThat(spanMs).as("ms between the 1st and 11th arrival at 20/s (ideal 500)").isBetween(400L, 1000L);
    }

    @Test
    void perHostAndConcurrencyBoundWhatTheServerSeesInFlight() {
        server.stats().reset();
        Cli.Run perHost = Cli.run(repeat(8, server.httpUrl() + "/salvo/hold/150"), "fetch", "--per-host", "2");
        int peakPerHost = server.stats().peakInFlight();
        server.stats().reset();
        Cli.Run concurrency = Cli.run(repeat(8, server.httpUrl() + "/salvo/hold/150"), "fetch", "--concurrency", "3");
        int peakConcurrency = server.stats().peakInFlight();

        assertThat(perHost.exit()).isZero();
        assertThat(concurrency.exit()).isZero();
        assertThat(peakPerHost).as("peak in flight with --per-host 2").isEqualTo(2);
        assertThat(peakConcurrency).as("peak in flight with --concurrency 3").isEqualTo(3);
    }

    @Test
    void anUntrustedCertificateIsATlsFailureUnlessItsCaIsGivenOrCheckingIsOff() {
        String url = server.httpsUrl() + "/get\n";

        JsonNode untrusted = Cli.run(url, "fetch").records().get(0);
        JsonNode withCa = Cli.run(url, "fetch", "--cacert", server.certificates().caPemFile().toString()).records().get(0);
        JsonNode wrongHostInsecure = Cli.run(server.httpsWrongHostUrl() + "/get\n", "fetch", "--insecure").records().get(0);

        assertThat(untrusted.get("error").get("type").asText()).isEqualTo("TLS");
        assertThat(withCa.get("status").asInt()).as(withCa.toString()).isEqualTo(200);
        assertThat(wrongHostInsecure.get("status").asInt()).as(wrongHostInsecure.toString()).isEqualTo(200);
    }

    @Test
    void aMissingCaFileIsAUsageError() {
        Cli.Run run = Cli.run("", "fetch", "--cacert", "/nonexistent/ca.pem");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--cacert /nonexistent/ca.pem");
    }
}
