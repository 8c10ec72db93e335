package dev.salvo.transport.jdk;

import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.Threads;
import dev.salvo.spi.Capability;
import dev.salvo.spi.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the kit's SPI category cannot see (it checks cancel and close at the server, and threads
 * only where {@link Capability#RELEASE_ON_CLOSE} is declared): the transport's list of active
 * exchanges empties when a stream is closed early, and close() ends the transport's own threads on
 * every Java release, Java 17 included, where the HttpClient's selector outlives it.
 */
class OwnThreadsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport();

    @Test
    void aStreamClosedEarlyLeavesNoActiveExchange() throws IOException {
        InputStream in = Exchanges.await(env.transport().exchange(get(env.url("/fault/endless-body")).streaming().build()))
                .stream();
        assertThat(in.readNBytes(1000)).hasSize(1000);

        in.close();

        await("active exchanges after the stream was closed").atMost(WAIT).until(() -> env.transport().activeCount() == 0);
    }

    @Test
    void closeEndsTheTransportsOwnThreadsOnEveryRelease() throws IOException {
        Set<String> before = Threads.named("salvo-jdk-", "HttpClient-");
        JdkTransport t = Support.transport(Configs.config());
        Exchanges.await(t.exchange(get(env.url("/get")).build()));
        CompletableFuture<TransportResponse> pending = t.exchange(get(env.url("/fault/never-responds")).build());
        InputStream stream = Exchanges.await(t.exchange(get(env.url("/fault/endless-body")).streaming().build())).stream();
        assertThat(stream.readNBytes(1000)).hasSize(1000);
        await().atMost(WAIT).until(() -> env.server().stats().inFlight() == 2);
        Set<String> created = new HashSet<>(Threads.named("salvo-jdk-", "HttpClient-"));
        created.removeAll(before);
        assertThat(created).as("threads the transport started").anyMatch(n -> n.startsWith("salvo-jdk-"))
                .anyMatch(n -> n.startsWith("HttpClient-") && n.endsWith("-SelectorManager"));
        Set<Thread> senders = t.senderThreads();
        if (BlockingSend.wanted()) {
            assertThat(senders).as("sender threads while exchanges are in flight").isNotEmpty();
        }

        t.close();

        assertThat(Exchanges.failureType(pending)).as("exchange in progress at close()").isEqualTo(ErrorType.CLIENT_CLOSED);
        // sender threads are virtual on Java 21+, which no enumeration lists: the transport's own list
        assertThat(senders).as("sender threads alive after close()").noneMatch(Thread::isAlive);
        assertThat(t.senderThreads()).as("sender threads left by close()").isEmpty();
        Set<String> own = new HashSet<>(created);
        own.removeIf(n -> !n.startsWith("salvo-jdk-"));
        assertThat(Threads.named("salvo-jdk-")).as("the transport's own threads left by close()")
                .doesNotContainAnyElementsOf(own);
        assertThat(t.capabilities().contains(Capability.RELEASE_ON_CLOSE))
                .as("RELEASE_ON_CLOSE declared on Java %d", Runtime.version().feature()).isEqualTo(ClientShutdown.supported());
    }
}
