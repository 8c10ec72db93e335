package dev.salvo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.Salvo;
import dev.salvo.testserver.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example, unchanged, on every transport on the test classpath (found by ServiceLoader, so
 * adding a transport module as a test dependency covers it), against the embedded test server.
 */
class ExamplesTest {
    private static TestServer server;
    private static String base;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        base = server.httpUrl().toString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<String> transports() {
        return Salvo.availableTransports().stream();
    }

    /** A client over {@code transport} (skips, as {@link #assumeRunsHere} does, where it cannot run). */
    private static Salvo client(String transport) {
        assumeRunsHere(transport);
        return Salvo.builder().transport(transport).build();
    }

    /** Skips the test, saying why, when {@code transport} refuses this JVM (the jdk one before Java 17.0.17). */
    private static void assumeRunsHere(String transport) {
        String refusal = Salvo.unavailableTransports().get(transport);
        Assumptions.assumeTrue(refusal == null, () -> transport + " cannot run on this JVM: " + refusal);
    }

    @Test
    void atLeastOneTransportIsTested() {
        assertThat(transports()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void mapReturnsOneResponsePerRequestInInputOrder(String transport) {
        try (Salvo salvo = client(transport)) {
            List<String> seen = MapExample.fetch(salvo, base, 40);

            assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(String::valueOf).toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void imapOverALazyStreamReceivesEveryBody(String transport) {
        try (Salvo salvo = client(transport)) {
            assertThat(ImapLazyStreamExample.totalBytes(salvo, base, 300)).isEqualTo(300 * 100);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void imapEnumeratedReportsEveryOutcomeByIndexFailuresIncluded(String transport) {
        try (Salvo salvo = client(transport)) {
            assertThat(ImapEnumeratedExample.describe(salvo, base))
                    .isEqualTo(Map.of(0L, "status 200", 1L, "status 404", 2L, "CONNECT_REFUSED"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void sessionsKeepTheirCookiesAndHeadersToThemselves(String transport) {
        try (Salvo salvo = client(transport)) {
            SessionCookiesExample.Seen seen = SessionCookiesExample.run(salvo, base);

            assertThat(seen.firstSession()).contains("\"flavour\"", "\"oat\"");
            assertThat(seen.otherSession()).doesNotContain("flavour");
            assertThat(seen.header()).isEqualTo("blue");
            assertThat(SessionCookiesExample.batch(salvo, base)).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void retriesTurnFlakyAnswersIntoSuccessUnderTheRateLimit(String transport) {
        assumeRunsHere(transport);
        long start = System.nanoTime();

        List<String> results = RetryRateLimitExample.run(Salvo.builder().transport(transport), base, 5);

        assertThat(results).containsOnly("200 after 3");
        // 15 attempts through a 50/s limit with a burst of 1: at least 14 intervals of 20 ms.
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms for 15 attempts at 50/s").isGreaterThanOrEqualTo(260);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void streamsALargeDownloadToAFile(String transport, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("download.bin");
        try (Salvo salvo = client(transport)) {
            assertThat(StreamingDownloadExample.download(salvo, base, 3_000_000, file)).isEqualTo(3_000_000);
        }
        byte[] expected = new byte[3_000_000];
        new Random(0).nextBytes(expected);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void theTransportIsChosenByNameWithoutChangingTheCode(String transport) {
        assumeRunsHere(transport);
        assertThat(ChooseTransportExample.run(transport, base)).isEqualTo(transport + ": 200");
    }
}
