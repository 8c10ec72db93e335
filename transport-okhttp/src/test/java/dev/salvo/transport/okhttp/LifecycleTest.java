package dev.salvo.transport.okhttp;

import static dev.salvo.transport.okhttp.Fixture.get;
import static dev.salvo.transport.okhttp.Fixture.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.BlockingThreads;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cancellation and close give connections and threads back. */
class LifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final Fixture env = new Fixture();

    @BeforeEach
    void noConnectionsOpen() {
        env.transport().client().connectionPool().evictAll();
        await().atMost(WAIT).until(() -> env.server().stats().openConnections() == 0);
    }

    @Test
    void cancellingTheFutureCancelsTheCallAndClosesItsConnection() {
        Stats stats = env.server().stats();
        CompletableFuture<TransportResponse> f = env.transport().exchange(get(env.url("/fault/never-responds")));
        await().atMost(WAIT).until(() -> stats.inFlight() == 1 && stats.openConnections() == 1);

        assertThat(f.cancel(true)).isTrue();

        await().atMost(WAIT).until(() -> stats.openConnections() == 0);
        await().atMost(WAIT).until(() -> env.transport().activeCount() == 0
                && env.transport().client().dispatcher().runningCallsCount() == 0
                && env.transport().client().connectionPool().connectionCount() == 0);
    }

    @Test
    void cancellingDuringABufferedBodyClosesItsConnection() {
        Stats stats = env.server().stats();
        CompletableFuture<TransportResponse> f = env.transport().exchange(get(env.url("/fault/slow-body?bytes=100&interval_ms=50")));
        await().atMost(WAIT).until(() -> stats.openConnections() == 1 && stats.inFlight() == 1);

        f.cancel(true);

        assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
        await().atMost(WAIT).until(() -> stats.openConnections() == 0
                && env.transport().client().connectionPool().connectionCount() == 0);
    }

    @Test
    void closingAStreamEarlyClosesItsConnectionAtOnce() throws IOException {
        TransportResponse r = env.transport().exchange(stream(env.url("/fault/endless-body"))).join();
        InputStream in = r.stream();
        assertThat(in.readNBytes(100_000)).hasSize(100_000);
        assertThat(env.server().stats().openConnections()).isEqualTo(1);

        in.close();

        await().atMost(WAIT).until(() -> env.server().stats().openConnections() == 0);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
        assertThat(env.transport().activeCount()).isZero();
    }

    @Test
    void aStreamReadToItsEndGivesItsConnectionBackToThePool() throws IOException {
        TransportResponse r = env.transport().exchange(stream(env.url("/bytes/100000"))).join();
        try (InputStream in = r.stream()) {
            assertThat(in.readAllBytes()).hasSize(100_000);
        }
        assertThat(env.transport().client().connectionPool().idleConnectionCount()).as("idle pooled connections").isEqualTo(1);
        assertThat(env.server().stats().openConnections()).isEqualTo(1);
    }

    @Test
    void closeEndsItsThreadsAndSocketsAndFailsWhatIsInProgress() throws IOException {
        Set<Thread> before = Fixture.threadsNamed("salvo-okhttp-");
        OkHttpTransport t = Fixture.transport(Fixture.config());
        List<CompletableFuture<TransportResponse>> pooled = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pooled.add(t.exchange(get(env.url("/salvo/hold/100"))));
        }
        pooled.forEach(CompletableFuture::join);
        CompletableFuture<TransportResponse> pending = t.exchange(get(env.url("/fault/never-responds")));
        InputStream half = t.exchange(stream(env.url("/fault/endless-body"))).join().stream();
        half.readNBytes(1000);
        await().atMost(WAIT).until(() -> env.server().stats().inFlight() == 2);
        Set<Thread> named = new HashSet<>(Fixture.threadsNamed("salvo-okhttp-"));
        named.removeAll(before);
        assertThat(named).as("new threads named like the transport's")
                .allSatisfy(th -> assertThat(th.getName()).matches("salvo-okhttp-\\d+-dispatch-\\d+"));
        // on Java 21+ the dispatcher's threads are virtual, which no enumeration lists: the transport's own list
        Set<Thread> dispatchers = t.dispatcherThreads();
        if (dispatchers.stream().noneMatch(BlockingThreads::isVirtual)) {
            assertThat(named).as("dispatcher threads found by name").isNotEmpty();
        }
        Set<Thread> created = new HashSet<>(named);
        created.addAll(dispatchers);
        assertThat(created).as("dispatcher threads").isNotEmpty();
        assertThat(env.server().stats().openConnections()).isEqualTo(4);

        t.close();

        assertThat(Exchanges.failureType(pending)).isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThatThrownBy(() -> half.readNBytes(1 << 20)).isInstanceOf(IOException.class)
                .cause().isInstanceOf(SalvoException.class)
                .extracting(c -> ((SalvoException) c).type()).isEqualTo(ErrorType.CLIENT_CLOSED);
        assertThat(t.client().dispatcher().executorService().isTerminated()).as("dispatcher executor terminated").isTrue();
        await("dispatcher threads ended").atMost(Duration.ofSeconds(2))
                .until(() -> created.stream().noneMatch(Thread::isAlive) && t.dispatcherThreads().isEmpty());
        await().atMost(WAIT).until(() -> env.server().stats().openConnections() == 0);
        assertThat(t.client().connectionPool().connectionCount()).as("pooled connections").isZero();

        t.close(); // a no-op
        assertThat(Exchanges.failureType(t.exchange(get(env.url("/get"))))).isEqualTo(ErrorType.CLIENT_CLOSED);
    }

    @Test
    void okHttpsSharedThreadsAreDaemons() {
        Exchanges.await(env.transport().exchange(get(env.url("/get"))));
        Set<Thread> shared = new HashSet<>(Fixture.threadsNamed("OkHttp TaskRunner"));
        shared.addAll(Fixture.threadsNamed("Okio Watchdog"));
        assertThat(shared).as("OkHttp's process-wide threads (tolerated by the kit)").isNotEmpty()
                .allSatisfy(th -> assertThat(th.isDaemon()).as("%s is a daemon", th.getName()).isTrue());
    }

    @Test
    void closeRacingCloseIsSafe() throws Exception {
        OkHttpTransport t = Fixture.transport(Fixture.config());
        t.exchange(get(env.url("/get"))).join();
        Thread other = new Thread(t::close);
        other.start();
        t.close();
        other.join(15_000);
        assertThat(other.isAlive()).isFalse();
        assertThat(Exchanges.failureType(t.exchange(get(env.url("/get"))))).isEqualTo(ErrorType.CLIENT_CLOSED);
    }
}
