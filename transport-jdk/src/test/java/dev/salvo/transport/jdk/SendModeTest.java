package dev.salvo.transport.jdk;

import static dev.salvo.conformance.support.Exchanges.await;
import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.salvo.ErrorType;
import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.BlockingThreads;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both ways of sending: sendAsync, and the blocking send on pooled sender threads used where
 * sendAsync would start a thread per response. The machine picks one for the other tests; this
 * test runs each, chosen with the {@value BlockingSend#PROPERTY} property.
 */
class SendModeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clearChoice() {
        System.clearProperty(BlockingSend.PROPERTY);
    }

    @Test
    void thePropertyOverridesTheMachinesChoice() {
        System.setProperty(BlockingSend.PROPERTY, "blocking");
        assertThat(BlockingSend.wanted()).as("with blocking").isTrue();
        System.setProperty(BlockingSend.PROPERTY, "async");
        assertThat(BlockingSend.wanted()).as("with async").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"async", "blocking"})
    void aResponseArrivesAndCancellingClosesTheConnection(String mode) {
        System.setProperty(BlockingSend.PROPERTY, mode);
        JdkTransport transport = Support.transport(Configs.config());
        try {
            TransportResponse r = await(transport.exchange(get(server.httpUrl().resolve("/bytes/100")).build()));
            assertThat(r.body()).as("body bytes over " + mode).hasSize(100);

            CompletableFuture<TransportResponse> f = transport.exchange(
                    get(server.httpUrl().resolve("/fault/never-responds")).build());
            await().atMost(WAIT).until(() -> server.stats().inFlight() == 1);
            f.cancel(true);
            assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
            await().atMost(WAIT).until(() -> server.stats().inFlight() == 0 && transport.activeCount() == 0);
        } finally {
            transport.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).as("sender threads left after close (" + mode + ")")
                .noneMatch(t -> t.getName().startsWith("salvo-jdk-send-") && t.isAlive());
        assertThat(transport.senderThreads()).as("sender threads, virtual ones included, left after close (" + mode + ")")
                .isEmpty();
    }

    @Test
    void blockingSendsRunOnVirtualThreadsWhereTheJvmHasThem() throws Exception {
        System.setProperty(BlockingSend.PROPERTY, "blocking");
        JdkTransport transport = Support.transport(Configs.config());
        try {
            // the future completes on the sender that ran the send (registered well before the 200 ms reply)
            Thread sender = transport.exchange(get(server.httpUrl().resolve("/salvo/hold/200")).build())
                    .thenApply(r -> Thread.currentThread()).get(10, TimeUnit.SECONDS);

            assertThat(sender.getName()).matches("salvo-jdk-send-\\d+");
            assertThat(BlockingThreads.isVirtual(sender)).as("sender is virtual on Java %d", Runtime.version().feature())
                    .isEqualTo(BlockingThreads.virtualAvailable());
            assertThat(sender.isDaemon()).as("sender is a daemon").isTrue();
            assertThat(transport.senderThreads()).as("the transport's live senders").contains(sender);
        } finally {
            transport.close();
        }
    }

    @Test
    void pastTheLastFreeSenderExchangesGoOutWithSendAsync() {
        System.setProperty(BlockingSend.PROPERTY, "blocking");
        JdkTransport transport = Support.transport(Configs.config());
        int n = JdkTransport.MAX_SENDERS + 8;
        List<CompletableFuture<TransportResponse>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                futures.add(transport.exchange(get(server.httpUrl().resolve("/fault/never-responds")).build()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.stats().inFlight() == n);
        } finally {
            transport.close();
        }
        assertThat(futures).as("exchanges ended by close").allMatch(f -> Exchanges.failureType(f) == ErrorType.CLIENT_CLOSED);
        await().atMost(WAIT).until(() -> server.stats().inFlight() == 0);
    }
}
