package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code salvo demo} with a small count. */
class DemoTest {

    @Test
    void firesTheRequestsAtTheEmbeddedServerAndSummarises() {
        Cli.Run run = Cli.run("", "demo", "--requests", "300", "--concurrency", "20");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).as("the demo writes no records").isEmpty();
        assertThat(run.err()).contains("salvo demo: 300 requests, 20 in flight, over netty",
                "300 requests in", "300 done, 0 failed", "latency of responses (ms): p50",
                "server saw: 300 requests, at most ");
    }

    @Test
    void drawsAProgressBarWhenAsked() {
        Cli.Run run = Cli.run("", "demo", "--requests", "50", "--progress");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("demo", "50/50");
    }

    @Test
    void badCountsAreUsageErrors() {
        assertThat(Cli.run("", "demo", "--requests", "0").exit()).isEqualTo(2);
        assertThat(Cli.run("", "demo", "--concurrency", "-1").exit()).isEqualTo(2);
    }
}
