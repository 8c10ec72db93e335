package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salvo.testserver.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code salvo fetch} against the embedded test server. */
class FetchTest {
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

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void writesExactlyOneRecordPerRequestLineWhateverHappensToIt() {
        String input = lines(
                "# comment lines and blank lines are not requests",
                base + "/get?n=0",
                "",
                "{\"url\": \"" + base + "/status/404\", \"tag\": {\"id\": 1}}",
                "{\"url\": \"" + base + "/get\"",                                  // bad JSON
                "not a url",                                                         // bad URL
                "{\"url\": \"" + base + "/get\", \"headers\": {\"Bad Name\": \"x\"}}",  // bad header
                "{\"url\": \"" + base + "/get\", \"hedaers\": {}}",                   // unknown field
                "http://127.0.0.1:1/refused",                                        // nothing listens on port 1
                "ftp://example.com/file");                                           // unsupported scheme

        Cli.Run run = Cli.run(input, "fetch", "--ordered");

        List<JsonNode> records = run.records();
        assertThat(records).as("one record per request line (8 of them)\n%s", run).hasSize(8);
        assertThat(records).extracting(r -> r.get("index").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(records).extracting(r -> r.get("line").asLong()).containsExactly(2L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(records.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(records.get(0).get("error").isNull()).isTrue();
        assertThat(records.get(1).get("status").asInt()).as("any status is a response").isEqualTo(404);
        assertThat(records.get(1).get("tag").get("id").asInt()).isEqualTo(1);
        assertThat(records.subList(2, 6)).allSatisfy(r -> {
            assertThat(r.get("error").get("type").asText()).isEqualTo("INVALID_REQUEST");
            assertThat(r.get("attempts").asInt()).isZero();
        });
        assertThat(records.get(2).get("error").get("message").asText()).startsWith("line 5: invalid JSON");
        assertThat(records.get(3).get("error").get("message").asText()).contains("line 6", "url 'not a url'");
        assertThat(records.get(4).get("error").get("message").asText()).contains("line 7", "Bad Name");
        assertThat(records.get(5).get("error").get("message").asText()).contains("unknown field 'hedaers'");
        assertThat(records.get(6).get("error").get("type").asText()).isEqualTo("CONNECT_REFUSED");
        assertThat(records.get(6).get("url").asText()).isEqualTo("http://127.0.0.1:1/refused");
        assertThat(records.get(7).get("error").get("type").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(run.exit()).as("a failed record makes exit 1").isEqualTo(1);
        assertThat(run.err()).contains("8 requests", "2 done, 6 failed", "CONNECT_REFUSED 1", "INVALID_REQUEST 5");
    }

    @Test
    void everyRecordHasTheSameKeys() {
        Cli.Run run = Cli.run(lines(base + "/bytes/10", "http://127.0.0.1:1/", "{bad"), "fetch");

        assertThat(run.records()).hasSize(3).allSatisfy(r -> assertThat(r.fieldNames()).toIterable().containsExactly(
                "index", "line", "url", "final_url", "status", "elapsed_ms", "attempts", "bytes", "tag", "error"));
        JsonNode ok = run.records().stream().filter(r -> r.get("error").isNull()).findFirst().orElseThrow();
        assertThat(ok.get("bytes").asLong()).isEqualTo(10);
        assertThat(ok.get("final_url").asText()).isEqualTo(base + "/bytes/10");
        assertThat(ok.get("elapsed_ms").asDouble()).isPositive();
    }

    @Test
    void exitsZeroWhenEveryRequestGotAResponseOfAnyStatus() {
        Cli.Run run = Cli.run(lines(base + "/get", base + "/status/500", base + "/status/404"), "fetch");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.records()).extracting(r -> r.get("status").asInt()).containsExactlyInAnyOrder(200, 500, 404);
    }

    @Test
    void retriesA503UntilItSucceeds() {
        String key = "fetch-503-" + System.nanoTime();
        Cli.Run run = Cli.run(lines(base + "/salvo/flaky/" + key + "?fail=2&status=503"),
                "fetch", "--retries", "3", "--retry-on", "500,502,503,504,CONNECT_REFUSED");

        JsonNode r = run.records().get(0);
        assertThat(r.get("status").asInt()).as(run.toString()).isEqualTo(200);
        assertThat(r.get("attempts").asInt()).isEqualTo(3);
        assertThat(server.stats().arrivals(key)).hasSize(3);
        assertThat(run.exit()).isZero();
    }

    @Test
    void withoutRetriesA503IsAnswerAsIs() {
        String key = "fetch-503-once-" + System.nanoTime();
        Cli.Run run = Cli.run(lines(base + "/salvo/flaky/" + key + "?fail=1"), "fetch");

        assertThat(run.records().get(0).get("status").asInt()).isEqualTo(503);
        assertThat(run.records().get(0).get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void retriesARefusedConnectionAndReportsTheAttempts() {
        Cli.Run run = Cli.run(lines("http://127.0.0.1:1/"), "fetch", "--retries", "2");

        JsonNode r = run.records().get(0);
        assertThat(r.get("error").get("type").asText()).isEqualTo("CONNECT_REFUSED");
        assertThat(r.get("attempts").asInt()).isEqualTo(3);
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void orderedOutputFollowsTheInputEvenWhenCompletionIsReversed() {
        // Later lines answer sooner, so completion order is the reverse of input order.
        List<String> urls = IntStream.range(0, 6).mapToObj(i -> base + "/salvo/hold/" + (600 - i * 100)).toList();
        String input = String.join("\n", urls) + "\n";

        Cli.Run ordered = Cli.run(input, "fetch", "--ordered", "--concurrency", "6");
        Cli.Run unordered = Cli.run(input, "fetch", "--concurrency", "6");

        assertThat(ordered.records()).extracting(r -> r.get("index").asInt()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(ordered.records()).extracting(r -> r.get("url").asText()).containsExactlyElementsOf(urls);
        assertThat(unordered.records()).as("completion order without --ordered")
                .extracting(r -> r.get("index").asInt()).containsExactly(5, 4, 3, 2, 1, 0);
    }

    @Test
    void aTimeoutEndsTheAttemptWithItsType() {
        Cli.Run run = Cli.run(lines(base + "/delay/3"), "fetch", "--timeout", "200ms");

        JsonNode r = run.records().get(0);
        assertThat(r.get("error").get("type").asText()).isEqualTo("REQUEST_TIMEOUT");
        assertThat(r.get("elapsed_ms").asDouble()).isBetween(150.0, 2500.0);
    }

    @Test
    void theDeadlineFailsUnfinishedRequestsAndReportsUnsentLinesToo() {
        String input = IntStream.range(0, 10).mapToObj(i -> base + "/salvo/hold/5000?i=" + i)
                .collect(Collectors.joining("\n"));
        long start = System.nanoTime();

        Cli.Run run = Cli.run(input, "fetch", "--concurrency", "2", "--deadline", "300ms", "--ordered");

        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the run ended").isLessThan(4000);
        assertThat(run.records()).as(run.toString()).hasSize(10).allSatisfy(r ->
                assertThat(r.get("error").get("type").asText()).isEqualTo("DEADLINE_EXCEEDED"));
        assertThat(run.records()).extracting(r -> r.get("index").asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void jsonLinesSetMethodHeadersParamsAndJsonBody() {
        String line = "{\"method\": \"POST\", \"url\": \"" + base + "/anything\", \"headers\": {\"X-Team\": \"blue\"},"
                + " \"params\": {\"q\": \"salvo\", \"n\": [1, 2]}, \"json\": {\"a\": [1, true]}}";

        Cli.Run run = Cli.run(lines(line), "fetch", "--include-body", "-H", "X-Default: yes");

        JsonNode r = run.records().get(0);
        assertThat(r.get("body_encoding").asText()).isEqualTo("text");
        JsonNode echo = Json.parse(r.get("body").asText());
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("args").get("q").asText()).isEqualTo("salvo");
        assertThat(echo.get("headers").get("X-Team").asText()).isEqualTo("blue");
        assertThat(echo.get("headers").get("X-Default").asText()).isEqualTo("yes");
        assertThat(echo.get("headers").get("Content-Type").asText()).isEqualTo("application/json");
        assertThat(echo.get("json").toString()).isEqualTo("{\"a\":[1,true]}");
        assertThat(r.get("url").asText()).isEqualTo(base + "/anything?q=salvo&n=1&n=2");
    }

    @Test
    void urlLinesUseTheDefaultMethod() {
        Cli.Run run = Cli.run(lines(base + "/anything"), "fetch", "--method", "DELETE", "--include-body");

        assertThat(Json.parse(run.records().get(0).get("body").asText()).get("method").asText()).isEqualTo("DELETE");
    }

    @Test
    void binaryBodiesAreBase64AndSavedBodiesAreNamedByIndex(@TempDir Path dir) throws Exception {
        Path bodies = dir.resolve("bodies");
        Cli.Run run = Cli.run(lines(base + "/bytes/64?seed=3", base + "/get"), "fetch", "--ordered", "--include-body",
                "--save-bodies", bodies.toString());

        JsonNode bin = run.records().get(0);
        assertThat(bin.get("body_encoding").asText()).isEqualTo("base64");
        byte[] expected = new byte[64];
        new java.util.Random(3).nextBytes(expected);
        assertThat(java.util.Base64.getDecoder().decode(bin.get("body").asText())).isEqualTo(expected);
        assertThat(Files.readAllBytes(bodies.resolve("0.body"))).isEqualTo(expected);
        assertThat(bin.get("body_file").asText()).isEqualTo(bodies.resolve("0.body").toString());
        assertThat(Files.readString(bodies.resolve("1.body"))).contains("\"url\"");
    }

    @Test
    void readsAFileAndWritesToAnOutputFile(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("urls.txt");
        Path out = dir.resolve("out.jsonl");
        Files.writeString(in, lines(base + "/get?a=1", base + "/get?a=2"));

        Cli.Run run = Cli.run("", "fetch", in.toString(), "--output", out.toString(), "--quiet");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).as("--quiet: no summary").isEmpty();
        assertThat(Files.readAllLines(out)).hasSize(2);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(Cli.run("", "fetch", "--bogus").exit()).isEqualTo(2);
        assertThat(Cli.run("", "fetch", "--timeout", "ten").exit()).isEqualTo(2);
        assertThat(Cli.run("", "fetch", "--concurrency", "0").exit()).isEqualTo(2);
        assertThat(Cli.run("", "fetch", "--retries", "2", "--retry-on", "503,NOPE").exit()).isEqualTo(2);
        assertThat(Cli.run("", "fetch", "--retry-on", "503").exit()).as("--retry-on without --retries").isEqualTo(2);
        assertThat(Cli.run("", "fetch", "-H", "no colon").exit()).isEqualTo(2);
        assertThat(Cli.run("", "fetch", "--method", "BAD METHOD").exit()).isEqualTo(2);
        Cli.Run unknown = Cli.run("", "fetch", "--transport", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("transport 'nope'", "available: jdk");
        assertThat(Cli.run("").exit()).as("no command").isEqualTo(2);
        assertThat(Cli.run("", "fetch", "/nonexistent/urls.txt").exit()).as("missing input file").isEqualTo(2);
        assertThat(Cli.run("", "fetch", "--output", "/nonexistent/dir/out.jsonl").exit()).isEqualTo(2);
    }

    @Test
    void anEmptyInputIsNoRequestAndExitsZero() {
        Cli.Run run = Cli.run("\n# nothing\n", "fetch");

        assertThat(run.out()).isEmpty();
        assertThat(run.exit()).isZero();
    }
}
