package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.salvo.Batch;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Salvo;
import dev.salvo.testserver.Stats;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Contract item 27: one exchange never delays another beyond its own timeouts, and idle
 * per-origin state is evicted.
 *
 * <p><b>Isolation.</b> Two endless bodies share a batch of size 8 with 300 small requests, a 2 s
 * per-attempt timeout, and a thread keeping one of the machine's cores busy: the endless ones end
 * by their own limits and every small one succeeds.
 *
 * <p><b>Many origins.</b> A crawler meets each origin once and moves on, so whatever a client keeps
 * per origin (a pool, a queue, a rate-limit bucket) must go once the origin has been idle for the
 * idle timeout. The test sends one request to each of 10,000 distinct origins, in four rounds of
 * 2,500 fresh ones: 100 host names of the build's test hosts file ({@code o0.salvo.test} to
 * {@code o99.salvo.test}, all 127.0.0.1) on 100 extra ports of the test server. What is retained is
 * measured without knowing the transport's classes: a heap histogram of live objects
 * ({@link HeapHistogram}) after the first round is compared with one taken after the idle timeout
 * that followed the last, and no class may have gained as many instances as one round has origins.
 * A client keeping anything per origin gains at least one instance per origin of some class, 7,500
 * in all; one that evicts idle origins gains none (host-name caches are full after the first round,
 * since every round uses all 100 names). The test also bounds the connections open at the server
 * while it runs (sockets must stay bounded by the concurrency and the idle pool, not grow with the
 * origins). It needs the test hosts file and HotSpot's diagnostic command, and skips without them.
 */
public interface IsolationTests extends KitContext {

    /** Host names of the test hosts file: {@code o<i>.salvo.test}, i in 0..ORIGIN_NAMES-1. */
    int ORIGIN_NAMES = 100;
    /** Extra server ports used: 100 names x 100 ports = 10,000 origins. */
    int ORIGIN_PORTS = 100;
    /** Rounds of fresh origins. */
    int ORIGIN_ROUNDS = 4;

    @Test
    default void endlessBodiesDoNotDelayOtherExchangesUnderCpuLoad() throws InterruptedException {
        kit().awaitServerIdle();
        Salvo client = kit().client(b -> b.requestTimeout(Duration.ofSeconds(2)));
        List<Request> reqs = new ArrayList<>();
        reqs.add(Request.get(kit().url("/fault/endless-body?n=1")));
        reqs.add(Request.get(kit().url("/fault/endless-body?n=2")));
        IntStream.range(0, 300).forEach(i -> reqs.add(Request.get(kit().url("/get?i=" + i))));
        // warm the same paths first, so a cold JVM's class loading and compiling is not taken for a delay
        List<Request> warmUp = new ArrayList<>();
        IntStream.range(0, 32).forEach(i -> warmUp.add(Request.get(kit().url("/get?warm=" + i))));
        IntStream.range(0, 4).forEach(i -> warmUp.add(Request.get(kit().url("/bytes/4194304?warm=" + i))));
        assertThat(client.map(warmUp, Batch.size(8))).as("warm-up responses").hasSize(warmUp.size());
        AtomicBoolean stop = new AtomicBoolean();
        Thread spinner = new Thread(() -> {
            while (!stop.get()) {
                Thread.onSpinWait(); // stays on its core: never blocks, never yields
            }
        }, "kit-busy-spin");
        spinner.setDaemon(true);
        List<Outcome> outcomes;
        long start = System.nanoTime();
        spinner.start();
        try {
            outcomes = client.mapOutcomes(reqs, Batch.size(8));
        } finally {
            stop.set(true);
            spinner.join(5000);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        for (int i = 0; i < 2; i++) {
            Outcome o = outcomes.get(i);
            assertThat(o.errorOrNull()).as("endless body %d ended by its own limit", i).isNotNull();
            assertThat(o.errorOrNull().type()).as("how endless body %d ended (%s)", i, o.errorOrNull().getMessage())
                    .isIn(ErrorType.REQUEST_TIMEOUT, ErrorType.BODY_TOO_LARGE);
        }
        List<String> failed = new ArrayList<>();
        for (Outcome o : outcomes.subList(2, outcomes.size())) {
            if (!o.isSuccess() || o.responseOrNull().status() != 200) {
                failed.add(o.index() + ": " + (o.isSuccess() ? "status " + o.responseOrNull().status()
                        : o.errorOrNull().type() + " " + o.errorOrNull().getMessage()));
            }
        }
        assertThat(failed).as("small requests that did not succeed beside two endless bodies (ended as %s and %s) "
                + "under CPU load (batch took %d ms)", outcomes.get(0).errorOrNull().type(),
                outcomes.get(1).errorOrNull().type(), millis).isEmpty();
    }

    @Test
    default void idlePerOriginStateOfTenThousandOriginsIsEvicted() {
        requireOriginNames();
        if (!HeapHistogram.supported()) {
            kit().skip("HEAP_HISTOGRAM", "this JVM has no GC.class_histogram diagnostic command to count live objects");
        }
        Stats stats = kit().quietStats();
        List<Integer> ports = kit().server().extraHttpPorts(ORIGIN_PORTS);
        int size = 64;
        int maxIdle = 64;
        Duration idle = Duration.ofSeconds(1);
        Salvo client = kit().client(b -> b.idleTimeout(idle).maxIdleConnections(maxIdle));
        int perRound = ORIGIN_NAMES * ORIGIN_PORTS / ORIGIN_ROUNDS;
        // in flight, idle, and closing but not yet seen closed by the server
        int maxOpen = 4 * (size + maxIdle);
        HeapHistogram afterFirst = null;
        long start = System.nanoTime();
        for (int round = 0; round < ORIGIN_ROUNDS; round++) {
            List<Integer> roundPorts = ports.subList(round * ORIGIN_PORTS / ORIGIN_ROUNDS,
                    (round + 1) * ORIGIN_PORTS / ORIGIN_ROUNDS);
            List<Request> reqs = new ArrayList<>(perRound);
            for (int port : roundPorts) {
                for (int name = 0; name < ORIGIN_NAMES; name++) {
                    reqs.add(Request.get("http://o" + name + ".salvo.test:" + port + "/status/204"));
                }
            }
            int done = 0;
            try (Stream<Outcome> os = client.imapEnumerated(reqs, Batch.size(size))) {
                for (Iterator<Outcome> it = os.iterator(); it.hasNext(); ) {
                    Outcome o = it.next();
                    assertThat(o.isSuccess()).as("request to %s: %s", o.request().url(), o.errorOrNull()).isTrue();
                    done++;
                    if (done % 250 == 0 && stats.openConnections() > maxOpen) {
                        fail("%d connections open at the server after %d fresh origins (round %d, size %d, at most "
                                + "%d idle): sockets must not grow with the origins (%s)", stats.openConnections(),
                                round * perRound + done, round, size, maxIdle, stats);
                    }
                }
            }
            assertThat(done).as("outcomes of round %d", round).isEqualTo(perRound);
            if (round == 0) {
                afterFirst = HeapHistogram.now();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        HeapHistogram baseline = afterFirst;
        int later = perRound * (ORIGIN_ROUNDS - 1);
        await("per-origin state evicted after the " + idle.toMillis() + " ms idle timeout").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(HeapHistogram.now().grownSince(baseline, perRound))
                        .as("classes with at least %d more live instances after %d more fresh origins than after the "
                                + "first %d (requests took %d ms)", perRound, later, perRound, millis)
                        .isEmpty());
    }

    /** Skips unless the JVM resolves the test hosts file's origin names to loopback. */
    private void requireOriginNames() {
        try {
            if (System.getProperty("jdk.net.hosts.file") != null
                    && InetAddress.getByName("o0.salvo.test").isLoopbackAddress()
                    && InetAddress.getByName("o" + (ORIGIN_NAMES - 1) + ".salvo.test").isLoopbackAddress()) {
                return;
            }
        } catch (UnknownHostException e) {
            // fall through to the skip
        }
        kit().skip("TEST_HOST_NAMES", "the JVM does not resolve o0.salvo.test .. o" + (ORIGIN_NAMES - 1)
                + ".salvo.test to loopback from a hosts file; run with -Djdk.net.hosts.file=<the build's "
                + ".mvn/test-hosts>");
    }
}
