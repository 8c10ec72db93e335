package dev.salvo.transport.jdk;

import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.conformance.support.Configs;
import dev.salvo.spi.TransportResponse;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The buffering body subscriber takes a body in turns: it never asks for more on the thread the
 * JDK client delivers on, so one body cannot keep an executor thread for its whole length.
 */
class BufferingSubscriberTest {
    private static final JdkTransport transport = Support.transport(Configs.config());

    @AfterAll
    static void stop() {
        transport.close();
    }

    @Test
    void asksForTheNextTurnFromANewExecutorTaskNeverInline() {
        JdkExchange exchange = new JdkExchange(transport, get(URI.create("http://127.0.0.1:9/x")).build());
        List<Runnable> queued = new ArrayList<>();
        BufferingSubscriber body = new BufferingSubscriber(exchange, queued::add, 1 << 20, -1);
        Demand demand = new Demand();

        body.onSubscribe(demand);
        assertThat(demand.requests).as("asked for on subscribing").containsExactly((long) BufferingSubscriber.TURN);
        for (int i = 0; i < BufferingSubscriber.TURN; i++) {
            body.onNext(List.of(ByteBuffer.wrap(new byte[100])));
        }
        assertThat(demand.requests).as("nothing more asked for while delivering").hasSize(1);
        assertThat(queued).as("the next turn waits in the executor's queue").hasSize(1);

        queued.remove(0).run();
        assertThat(demand.requests).containsExactly((long) BufferingSubscriber.TURN, (long) BufferingSubscriber.TURN);

        body.onNext(List.of(ByteBuffer.wrap(new byte[50])));
        assertThat(queued).as("no turn asked for mid-turn").isEmpty();
    }

    @Test
    void aTurnQueuedAfterTheBodyEndedAsksForNothing() {
        JdkExchange exchange = new JdkExchange(transport, get(URI.create("http://127.0.0.1:9/x")).build());
        List<Runnable> queued = new ArrayList<>();
        BufferingSubscriber body = new BufferingSubscriber(exchange, queued::add, 100L * BufferingSubscriber.TURN, -1);
        Demand demand = new Demand();
        body.onSubscribe(demand);
        for (int i = 0; i < BufferingSubscriber.TURN; i++) {
            body.onNext(List.of(ByteBuffer.wrap(new byte[100])));
        }
        body.onNext(List.of(ByteBuffer.wrap(new byte[1]))); // one byte over the cap
        CompletableFuture<TransportResponse> result = exchange.result();
        assertThat(result).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(SalvoException.class)
                .matches(e -> ((SalvoException) e).type() == ErrorType.BODY_TOO_LARGE, "BODY_TOO_LARGE");
        assertThat(demand.cancelled).as("cancelled, so that the JDK client closes the connection").isTrue();

        queued.forEach(Runnable::run);
        assertThat(demand.requests).hasSize(1);
    }

    /** A subscription that records what it is asked. */
    private static final class Demand implements Flow.Subscription {
        final List<Long> requests = new ArrayList<>();
        boolean cancelled;

        @Override
        public void request(long n) {
            requests.add(n);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
