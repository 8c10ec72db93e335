package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.salvo.Batch;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.SalvoException;
import dev.salvo.spi.Capability;
import dev.salvo.testserver.Stats;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Contract item 13: {@code close()} ends every thread and socket the client started, a second
 * close does nothing, a closed client refuses work clearly, and pending requests fail with
 * {@link ErrorType#CLIENT_CLOSED}.
 */
public interface ReleaseOnCloseTests extends KitContext {

    @Test
    default void closeReturnsThreadsAndSocketsToBaseline() {
        kit().requires(Capability.RELEASE_ON_CLOSE);
        Stats stats = kit().quietStats();
        Resources before = Resources.now();
        Salvo client = kit().client();
        List<Request> reqs = IntStream.range(0, 60).mapToObj(i -> Request.get(kit().url("/get?i=" + i))).toList();
        assertThat(client.map(reqs, Batch.size(16))).as("responses").doesNotContainNull();
        Resources during = Resources.now();
        assertThat(stats.openConnections()).as("keep-alive connections open before close").isPositive();
        client.close();
        await("threads and sockets back to baseline after close (before: " + before + ", while open: " + during
                + ")").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    Resources after = Resources.now();
                    assertThat(after.newThreadsSince(before)).as("threads started by the client still alive").isEmpty();
                    assertThat(after.sockets()).as("open sockets of this JVM (baseline %d)", before.sockets())
                            .isLessThanOrEqualTo(before.sockets());
                    assertThat(stats.openConnections()).as("connections open at the server").isZero();
                });
    }

    @Test
    default void closeReleasesAnUnreadStreamingResponse() {
        Stats stats = kit().quietStats();
        Salvo client = kit().client();
        Response streaming = client.execute(Request.builder(kit().url("/fault/endless-body")).stream(true).build());
        assertThat(stats.openConnections()).as("connections while the stream is held").isEqualTo(1);
        client.close();
        await("connection of an unread stream closed with the client (server: " + stats + ")")
                .atMost(Duration.ofSeconds(5)).until(() -> stats.inFlight() == 0 && stats.openConnections() == 0);
        assertThrows(IOException.class, () -> streaming.bodyStream().readAllBytes(),
                "reading the stream of a closed client");
    }

    @Test
    default void secondCloseIsANoOp() {
        Salvo client = kit().client();
        client.execute(Request.get(kit().httpbin("/get")));
        client.close();
        client.close();
        assertThat(client.toString()).as("toString of a closed client").contains("closed");
    }

    @Test
    default void closedClientRefusesWorkClearly() {
        Salvo client = kit().client();
        client.close();
        Request r = Request.get(kit().httpbin("/get"));
        List<Runnable> uses = List.of(() -> client.send(r), () -> client.execute(r), () -> client.map(List.of(r)),
                () -> client.imap(List.of(r)).count(), () -> client.newSession());
        for (Runnable use : uses) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    use::run, "using a closed client");
            assertThat(e.getMessage()).as("message").containsIgnoringCase("closed");
        }
    }

    @Test
    default void pendingRequestsFailWithClientClosed() throws InterruptedException {
        Stats stats = kit().quietStats();
        Salvo client = kit().client();
        List<CompletableFuture<Response>> pending = IntStream.range(0, 3)
                .mapToObj(i -> client.send(Request.get(kit().url("/fault/never-responds?i=" + i)))).toList();
        AtomicReference<List<Outcome>> batch = new AtomicReference<>();
        Thread batchThread = new Thread(() -> batch.set(client.mapOutcomes(IntStream.range(0, 4)
                .mapToObj(i -> Request.get(kit().url("/fault/never-responds?b=" + i))).toList(), Batch.size(4))),
                "kit-batch-at-close");
        batchThread.start();
        await("7 requests in flight").atMost(Duration.ofSeconds(5)).until(() -> stats.inFlight() == 7);
        client.close();
        for (CompletableFuture<Response> f : pending) {
            CompletionException e = assertThrows(CompletionException.class, f::join,
                    "a send() pending at close");
            assertThat(e.getCause()).as("cause").isInstanceOf(SalvoException.class);
            assertThat(((SalvoException) e.getCause()).type()).as("type").isEqualTo(ErrorType.CLIENT_CLOSED);
        }
        batchThread.join(10_000);
        assertThat(batch.get()).as("outcomes of a batch running at close").hasSize(4)
                .allSatisfy(o -> assertThat(o.errorOrNull().type()).as("type").isEqualTo(ErrorType.CLIENT_CLOSED));
        await("server sees every connection closed (" + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0 && stats.openConnections() == 0);
    }

    /** A snapshot of this JVM's live threads and open sockets. */
    record Resources(Set<Thread> threads, int sockets) {
        static Resources now() {
            return new Resources(Set.copyOf(Thread.getAllStackTraces().keySet()), Sockets.open());
        }

        /** Names of live threads not in {@code before}, less the test machinery's own (the first 12, then a count). */
        List<String> newThreadsSince(Resources before) {
            List<String> names = threads.stream().filter(Thread::isAlive).filter(t -> !before.threads.contains(t))
                    .map(Thread::getName).filter(n -> !Sockets.isMachineryThread(n)).sorted().toList();
            if (names.size() <= 12) {
                return names;
            }
            List<String> shown = new ArrayList<>(names.subList(0, 12));
            shown.add("... " + (names.size() - 12) + " more");
            return shown;
        }

        @Override
        public String toString() {
            return threads.size() + " threads, " + sockets + " sockets";
        }
    }
}
