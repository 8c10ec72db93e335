package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code salvo demo} with small counts. */
class DemoTest {

    @Test
    void showsTheServerHoldingAsManyRequestsAsTheConcurrencyThenTheSpeed() {
        Cli.Run run = Cli.run("", "demo", "--requests", "300", "--concurrency", "20", "--hold", "50ms");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).as("the demo writes no records").isEmpty();
        assertThat(run.err()).contains("salvo demo over netty",
                "1. Concurrency: 100 requests to /salvo/hold/50, each answered after 50 ms",
                "one by one they would take  100 x 50 ms = 5.0 s",
                "at 20 in flight they took",
                // the server's own count: every place in the batch was in use at once
                "the server saw at most 20 requests in flight at once",
                "2. Speed: 300 requests to /get at 20 in flight, after 300 to warm up",
                "300 requests in", "300 done, 0 failed", "latency of responses (ms): p50",
                "server saw: 300 requests");
    }

    @Test
    void drawsAProgressBarWhenAsked() {
        Cli.Run run = Cli.run("", "demo", "--requests", "50", "--concurrency", "10", "--hold", "10ms", "--progress");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("demo", "50/50");
    }

    @Test
    void badCountsAreUsageErrors() {
        assertThat(Cli.run("", "demo", "--requests", "0").exit()).isEqualTo(2);
        assertThat(Cli.run("", "demo", "--concurrency", "-1").exit()).isEqualTo(2);
        assertThat(Cli.run("", "demo", "--hold", "61s").exit()).isEqualTo(2);
    }
}
