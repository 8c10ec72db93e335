package dev.salvo.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.salvo.conformance.support.Threads;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Stopping a bare HttpClient: on 21+ its selector thread ends before shutdown returns; on 17 shutdown only lets go. */
class ClientShutdownTest {

    @Test
    void supportedExactlyWhereTheJdkHasShutdownNow() {
        assertThat(ClientShutdown.supported()).as("shutdown supported on Java %d", Runtime.version().feature())
                .isEqualTo(Runtime.version().feature() >= 21);
    }

    @Test
    void shutdownEndsTheSelectorThreadWhereSupportedAndReturnsPromptlyEverywhere() {
        ExecutorService executor = Executors.newFixedThreadPool(1);
        try {
            Set<String> before = Threads.named("HttpClient-");
            List<HttpClient> clients = new ArrayList<>();
            clients.add(HttpClient.newBuilder().executor(executor).build());
            Set<String> selectors = new HashSet<>(Threads.named("HttpClient-"));
            selectors.removeAll(before);
            assertThat(selectors).as("threads the client started").singleElement()
                    .satisfies(n -> assertThat(n).endsWith("-SelectorManager"));

            long start = System.nanoTime();
            ClientShutdown.shutdown(clients);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(clients).as("clients left referenced").isEmpty();
            if (ClientShutdown.supported()) {
                assertThat(Threads.named("HttpClient-")).as("selector threads after shutdown")
                        .doesNotContainAnyElementsOf(selectors);
            } else {
                // nothing to wait for on 17: returning quickly is the point (no collection forced, no polling)
                assertThat(took).as("shutdown on Java 17").isLessThan(Duration.ofSeconds(2));
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void onJava17TheSelectorEndsOnceTheClientIsCollected() {
        assumeFalse(ClientShutdown.supported(),
                "Java 21+ shuts the client down; this checks what Java 17 does instead");
        Set<String> before = Threads.named("HttpClient-");
        List<HttpClient> clients = new ArrayList<>();
        clients.add(HttpClient.newHttpClient());
        Set<String> selectors = new HashSet<>(Threads.named("HttpClient-"));
        selectors.removeAll(before);
        ClientShutdown.shutdown(clients);
        // what the transport's javadoc promises on 17: the thread (and its idle connections) go with the client
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            System.gc(); // test code: standing in for the collections a running application has anyway
            assertThat(Threads.named("HttpClient-")).doesNotContainAnyElementsOf(selectors);
        });
    }
}
