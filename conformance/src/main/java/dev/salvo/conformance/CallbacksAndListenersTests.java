package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.salvo.Batch;
import dev.salvo.BatchListener;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.SalvoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Contract item 11: per-request callbacks and batch listeners, and where user code runs. A thread
 * counts as "not the transport's I/O thread" when it is the consuming thread or one of Salvo's
 * {@code salvo-<n>-callback-<m>} threads.
 */
public interface CallbacksAndListenersTests extends KitContext {

    @Test
    default void listenerCountsAddUpOnTheConsumingThread() {
        List<Request> reqs = IntStream.range(0, 20).mapToObj(i -> Request.get(i % 4 == 0
                ? kit().refusedUrl("/" + i) : kit().httpbin("/bytes/" + (100 + i)))).toList();
        Counting listener = new Counting();
        List<Response> rs = kit().client().map(reqs, Batch.size(6).listener(listener));
        long bytes = rs.stream().filter(r -> r != null).mapToLong(r -> r.body().length).sum();
        assertThat(listener.submitted.get()).as("submitted").isEqualTo(20);
        assertThat(listener.started.get()).as("started").isEqualTo(20);
        assertThat(listener.succeeded.get()).as("succeeded").isEqualTo(15);
        assertThat(listener.failed.get()).as("failed").isEqualTo(5);
        assertThat(listener.bytes.get()).as("bytes reported").isEqualTo(bytes);
        assertThat(listener.threads).as("threads the listener ran on").containsExactly(Thread.currentThread());
    }

    @Test
    default void imapListenerAndHandlerRunOnTheIteratingThread() throws InterruptedException {
        List<Request> reqs = IntStream.range(0, 10).mapToObj(i -> Request.get(i % 3 == 0
                ? kit().refusedUrl("/" + i) : kit().httpbin("/get?i=" + i))).toList();
        Counting listener = new Counting();
        Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
        AtomicReference<Thread> consumer = new AtomicReference<>();
        AtomicLong yielded = new AtomicLong();
        Salvo client = kit().client();
        Thread t = new Thread(() -> {
            consumer.set(Thread.currentThread());
            try (Stream<Response> rs = client.imap(reqs, Batch.size(4).listener(listener).onError((r, e) -> {
                handlerThreads.add(Thread.currentThread());
                return null;
            }))) {
                yielded.set(rs.count());
            }
        }, "kit-imap-consumer");
        t.start();
        t.join(20_000);
        assertThat(yielded.get()).as("responses yielded").isEqualTo(6);
        assertThat(listener.threads).as("listener threads").containsExactly(consumer.get());
        assertThat(handlerThreads).as("error handler threads").containsExactly(consumer.get());
    }

    @Test
    default void callbacksTransformResponsesOffTheIoThreads() {
        Set<Thread> callbackThreads = ConcurrentHashMap.newKeySet();
        List<Request> reqs = IntStream.range(0, 8).mapToObj(i -> Request.builder(kit().httpbin("/get?i=" + i))
                .callback(r -> {
                    callbackThreads.add(Thread.currentThread());
                    return r.newBuilder().headers(r.headers().with("X-Kit-Transformed", "yes")).build();
                }).build()).toList();
        List<Response> rs = kit().client().map(reqs, Batch.size(8));
        assertThat(rs).as("responses").allSatisfy(r -> assertThat(r.header("X-Kit-Transformed")).isEqualTo("yes"));
        assertThat(callbackThreads).as("callback threads %s", Kit.names(callbackThreads))
                .allSatisfy(t -> assertThat(Kit.isSalvoUserThread(t) || t == Thread.currentThread())
                        .as("callback ran on %s", t.getName()).isTrue());
        Response one = kit().client().execute(reqs.get(0));
        assertThat(one.header("X-Kit-Transformed")).as("execute() applies the callback too").isEqualTo("yes");
    }

    @Test
    default void failingCallbackFailsTheRequestAsCallback() {
        Request r = Request.builder(kit().httpbin("/get")).callback(resp -> {
            throw new IllegalStateException("kit callback failure");
        }).build();
        List<Outcome> os = kit().client().mapOutcomes(List.of(r), Batch.size(1));
        SalvoException e = os.get(0).errorOrNull();
        assertThat(e).as("outcome of a request whose callback threw").isNotNull();
        assertThat(e.type()).as("type").isEqualTo(ErrorType.CALLBACK);
        assertThat(e.getCause()).as("cause").hasMessage("kit callback failure");
    }

    @Test
    default void sendDependentsNeverRunOnIoThreads() {
        Salvo client = kit().client();
        List<CompletableFuture<Thread>> deps = IntStream.range(0, 6).mapToObj(i -> client
                .send(Request.get(kit().httpbin("/delay/0.3?i=" + i)))
                .thenApply(r -> Thread.currentThread())).toList();
        Set<Thread> failedDeps = ConcurrentHashMap.newKeySet();
        CompletableFuture<Response> failing = client.send(Request.get(kit().refusedUrl("/x")));
        CompletableFuture<Void> onFailure = failing.handle((r, e) -> failedDeps.add(Thread.currentThread()))
                .thenAccept(x -> { });
        List<Thread> threads = deps.stream().map(CompletableFuture::join).toList();
        onFailure.join();
        Thread me = Thread.currentThread();
        assertThat(threads).as("threads of send() dependents %s", Kit.names(threads))
                .allSatisfy(t -> assertThat(Kit.isSalvoUserThread(t) || t == me).as("ran on %s", t.getName()).isTrue());
        assertThat(failedDeps).as("threads of a failed send()'s dependents %s", Kit.names(failedDeps))
                .allSatisfy(t -> assertThat(Kit.isSalvoUserThread(t) || t == me).as("ran on %s", t.getName()).isTrue());
    }

    @Test
    default void throwingHandlerFailsTheCall() {
        List<Request> reqs = List.of(Request.get(kit().httpbin("/get")), Request.get(kit().refusedUrl("/x")));
        IllegalStateException boom = new IllegalStateException("kit handler failure");
        Throwable thrown = assertThrows(IllegalStateException.class,
                () -> kit().client().map(reqs, Batch.size(2).onError((r, e) -> {
                    throw boom;
                })), "map with a throwing error handler");
        assertThat(thrown).as("exception out of map").isSameAs(boom);
    }

    @Test
    default void throwingListenerFailsTheBatchAndCancelsTheRest() {
        var stats = kit().quietStats();
        List<Request> reqs = new ArrayList<>();
        reqs.add(Request.get(kit().url("/get")));
        IntStream.range(0, 5).forEach(i -> reqs.add(Request.get(kit().url("/fault/never-responds?i=" + i))));
        IllegalStateException boom = new IllegalStateException("kit listener failure");
        BatchListener throwing = new BatchListener() {
            @Override
            public void onSucceeded(long index, Request request, Response response) {
                throw boom;
            }
        };
        Throwable thrown = assertThrows(IllegalStateException.class,
                () -> kit().client().map(reqs, Batch.size(6).listener(throwing)), "map with a throwing listener");
        assertThat(thrown).as("exception out of map").isSameAs(boom);
        await("requests cancelled when the listener threw (server: " + stats + ")")
                .atMost(Duration.ofSeconds(5)).until(() -> stats.inFlight() == 0);
    }

    /** Counts events and records the threads they ran on. */
    final class Counting implements BatchListener {
        final AtomicLong submitted = new AtomicLong();
        final AtomicLong started = new AtomicLong();
        final AtomicLong succeeded = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        @Override
        public void onSubmitted(long index, Request request) {
            threads.add(Thread.currentThread());
            submitted.incrementAndGet();
        }

        @Override
        public void onStarted(long index, Request request) {
            threads.add(Thread.currentThread());
            started.incrementAndGet();
        }

        @Override
        public void onSucceeded(long index, Request request, Response response) {
            threads.add(Thread.currentThread());
            succeeded.incrementAndGet();
        }

        @Override
        public void onFailed(long index, Request request, SalvoException error) {
            threads.add(Thread.currentThread());
            failed.incrementAndGet();
        }

        @Override
        public void onBytes(long n) {
            threads.add(Thread.currentThread());
            bytes.addAndGet(n);
        }
    }
}
