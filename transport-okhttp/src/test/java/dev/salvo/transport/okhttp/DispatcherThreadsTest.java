package dev.salvo.transport.okhttp;

import static dev.salvo.transport.okhttp.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.BlockingThreads;
import dev.salvo.spi.TransportResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dispatcher's threads: virtual on Java 21+, daemon platform threads on 17, ended by close either way. */
class DispatcherThreadsTest {
    private static final int FEATURE = Runtime.version().feature();

    @RegisterExtension
    static final Fixture env = new Fixture();

    @AfterEach
    void clearProperty() {
        System.clearProperty(BlockingThreads.PROPERTY);
    }

    @Test
    void dispatcherThreadsAreVirtualExactlyWhereTheJvmHasVirtualThreads() throws Exception {
        Thread t = dispatcherThread(env.transport());

        assertThat(t.getName()).matches("salvo-okhttp-\\d+-dispatch-\\d+");
        assertThat(BlockingThreads.isVirtual(t)).as("dispatcher thread is virtual on Java %d", FEATURE)
                .isEqualTo(BlockingThreads.virtualAvailable());
        assertThat(t.isDaemon()).as("dispatcher thread is a daemon").isTrue();
    }

    @Test
    void withVirtualThreadsSwitchedOffDispatcherThreadsArePlatformDaemons() throws Exception {
        System.setProperty(BlockingThreads.PROPERTY, "false");
        try (OkHttpTransport transport = Fixture.transport(Fixture.config())) {
            Thread t = dispatcherThread(transport);

            assertThat(BlockingThreads.isVirtual(t)).as("dispatcher thread is virtual").isFalse();
            assertThat(t.isDaemon()).as("dispatcher thread is a daemon").isTrue();
        }
    }

    @Test
    void exchangesRunOnTheDispatcherThreadsAndCloseEndsThemAll() {
        OkHttpTransport transport = Fixture.transport(Fixture.config());
        List<CompletableFuture<TransportResponse>> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(transport.exchange(get(env.url("/fault/never-responds?i=" + i))));
        }
        await("20 exchanges in flight").atMost(Duration.ofSeconds(10)).until(() -> env.server().stats().inFlight() >= 20);
        Set<Thread> threads = transport.dispatcherThreads();
        assertThat(threads).as("dispatcher threads, one per exchange in flight").hasSize(20)
                .allSatisfy(t -> assertThat(BlockingThreads.isVirtual(t)).as("%s is virtual", t.getName())
                        .isEqualTo(BlockingThreads.virtualAvailable()));

        transport.close();

        ExecutorService executor = transport.client().dispatcher().executorService();
        assertThat(executor.isTerminated()).as("dispatcher executor terminated by close").isTrue();
        // a terminated pool's last threads are still on their way out
        await("dispatcher threads ended").atMost(Duration.ofSeconds(2))
                .until(() -> threads.stream().noneMatch(Thread::isAlive) && transport.dispatcherThreads().isEmpty());
        assertThat(held).as("exchanges ended by close").allMatch(CompletableFuture::isDone);
        await().atMost(Duration.ofSeconds(10)).until(() -> env.server().stats().inFlight() == 0);
    }

    /** A thread of {@code transport}'s dispatcher, found by running a task on its executor. */
    private static Thread dispatcherThread(OkHttpTransport transport) throws Exception {
        Exchanges.await(transport.exchange(get(env.url("/get"))));
        return transport.client().dispatcher().executorService().submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
    }
}
