package dev.salvo.transport.netty;

import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.Threads;
import dev.salvo.spi.HttpVersion;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.Stats;
import dev.salvo.testserver.TestServer;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Threads and sockets: named I/O threads while open, none left after close, in-progress work fails as CLIENT_CLOSED. */
class LifecycleTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void ioThreadsAreNamedAndSizedAndAllEndOnClose() throws InterruptedException {
        // Netty notifies the termination of every event loop on its global executor, whose thread
        // then ends after a second of quiet: wait for it before and after, so that a thread alive
        // at the end is one the transport left behind.
        awaitGlobalExecutorIdle();
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        NettyTransport t = Support.transport(Configs.config(c -> c.ioThreads(3)));
        String prefix = t.toString().replaceAll("NettyTransport-(\\d+).*", "salvo-netty-$1-");
        List<CompletableFuture<TransportResponse>> fs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fs.add(t.exchange(get(server.httpUrl().resolve("/salvo/hold/200?i=" + i)).build()));
        }
        fs.forEach(Exchanges::await);
        assertThat(Threads.named(prefix)).as("threads of the transport while open")
                .containsExactlyInAnyOrder(prefix + "io-1", prefix + "io-2", prefix + "io-3");
        t.close();
        assertThat(Threads.named(prefix)).as("threads of the transport after close").isEmpty();
        awaitGlobalExecutorIdle();
        List<String> started = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(th -> !before.contains(th)).map(Thread::getName).toList();
        assertThat(started).as("threads started meanwhile and still alive (Netty's global executor, cleaners, ...)")
                .noneMatch(n -> n.startsWith("salvo-netty") || n.contains("globalEventExecutor")
                        || n.contains("ObjectCleaner") || n.contains("threadDeathWatcher"));
    }

    private static void awaitGlobalExecutorIdle() throws InterruptedException {
        try {
            assertThat(GlobalEventExecutor.INSTANCE.awaitInactivity(10, TimeUnit.SECONDS))
                    .as("Netty's global executor idle before the test").isTrue();
        } catch (IllegalStateException neverStarted) {
            // its thread never ran in this JVM: nothing to wait for
        }
    }

    @Test
    void closeFailsAHalfReadStreamAndClosesItsConnection() throws IOException {
        Stats stats = server.stats();
        NettyTransport t = Support.transport(Configs.config());
        TransportResponse r = Exchanges.await(t.exchange(get(server.httpUrl().resolve("/fault/endless-body")).streaming().build()));
        InputStream in = r.stream();
        assertThat(in.read()).as("first byte").isNotNegative();
        t.close();
        IOException e = assertThrows(IOException.class, in::readAllBytes, "reading after close");
        assertThat(e.getCause()).as("cause").isInstanceOf(SalvoException.class);
        assertThat(((SalvoException) e.getCause()).type()).as("type").isEqualTo(ErrorType.CLIENT_CLOSED);
        in.close();
        await("server sees the connection closed (" + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0);
    }

    @Test
    void closeFailsWaitingAndInFlightExchangesAndRefusesNewOnes() {
        NettyTransport t = Support.transport(Configs.config(c -> c.maxPerHost(1)));
        CompletableFuture<TransportResponse> inFlight = t.exchange(get(server.httpUrl().resolve("/fault/never-responds")).build());
        CompletableFuture<TransportResponse> waiting = t.exchange(get(server.httpUrl().resolve("/get")).build());
        t.close();
        assertThat(Exchanges.failureType(inFlight)).as("in flight at close").isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThat(Exchanges.failureType(waiting)).as("waiting at close").isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThat(Exchanges.failureType(t.exchange(get(server.httpUrl().resolve("/get")).build())))
                .as("after close").isEqualTo(ErrorType.CLIENT_CLOSED);
        t.close(); // a second close is a no-op
        assertThat(t.pool().acquired()).as("acquired after close").isZero();
    }

    @Test
    void askingForHttp2GivesHttp11() {
        TransportConfig h2 = Configs.config(c -> c.protocol(HttpVersion.HTTP_2));
        try (NettyTransport t = Support.transport(h2)) {
            assertThat(Exchanges.await(t.exchange(get(server.httpUrl().resolve("/get")).build())).status())
                    .as("status with HTTP_2 asked").isEqualTo(200);
        }
    }
}
