package dev.salvo.transport.netty;

import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.Threads;
import dev.salvo.spi.HttpVersion;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportResponse;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the kit's SPI category cannot see (it checks close at the server and by the JVM's threads):
 * the I/O threads are named and as many as configured, Netty's own helper threads end too, the pool
 * holds nothing acquired after close, and asking for HTTP/2, which this transport lacks, gives HTTP/1.1.
 */
class IoThreadsTest {
    @RegisterExtension
    static final ServerAndTransport env = new ServerAndTransport();

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
            fs.add(t.exchange(get(env.url("/salvo/hold/200?i=" + i)).build()));
        }
        fs.forEach(Exchanges::await);
        assertThat(Threads.named(prefix)).as("threads of the transport while open")
                .containsExactlyInAnyOrder(prefix + "io-1", prefix + "io-2", prefix + "io-3");
        t.close();
        assertThat(Threads.named(prefix)).as("threads of the transport after close").isEmpty();
        assertThat(t.pool().acquired()).as("connections acquired after close").isZero();
        awaitGlobalExecutorIdle();
        List<String> started = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(th -> !before.contains(th)).map(Thread::getName).toList();
        assertThat(started).as("threads started meanwhile and still alive (Netty's global executor, cleaners, ...)")
                .noneMatch(n -> n.startsWith("salvo-netty") || n.contains("globalEventExecutor")
                        || n.contains("ObjectCleaner") || n.contains("threadDeathWatcher"));
    }

    @Test
    void askingForHttp2GivesHttp11() {
        TransportConfig h2 = Configs.config(c -> c.protocol(HttpVersion.HTTP_2));
        try (NettyTransport t = Support.transport(h2)) {
            assertThat(Exchanges.await(t.exchange(get(env.url("/get")).build())).status())
                    .as("status with HTTP_2 asked").isEqualTo(200);
        }
    }

    private static void awaitGlobalExecutorIdle() throws InterruptedException {
        try {
            assertThat(GlobalEventExecutor.INSTANCE.awaitInactivity(10, TimeUnit.SECONDS))
                    .as("Netty's global executor idle before the test").isTrue();
        } catch (IllegalStateException neverStarted) {
            // its thread never ran in this JVM: nothing to wait for
        }
    }
}
