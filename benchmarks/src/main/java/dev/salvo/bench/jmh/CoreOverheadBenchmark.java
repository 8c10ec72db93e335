package dev.salvo.bench.jmh;

import dev.salvo.Batch;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.SalvoConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Core's cost per request with no network (an {@link InMemoryTransport}): one request through
 * {@code execute}, and a batch of {@value #BATCH} through {@code map} and {@code imap} at size 64,
 * reported per request. Run with {@code -prof gc} for the allocation per request
 * (benchmarks/run does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CoreOverheadBenchmark {
    static final int BATCH = 1_000;
    private static final String URL = "http://bench.invalid/small";

    private Salvo salvo;
    private List<Request> requests;

    @Setup(Level.Trial)
    public void setUp() {
        salvo = Salvo.create(SalvoConfig.defaults(), InMemoryTransport.PROVIDER);
        requests = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            requests.add(Request.get(URL));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        salvo.close();
    }

    /** One request built and sent, waiting for its response. */
    @Benchmark
    public Response execute() {
        return salvo.execute(Request.get(URL));
    }

    /** map over a list of requests, per request. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<Response> map() {
        return salvo.map(requests, Batch.size(64));
    }

    /** imapEnumerated over a lazy stream, as W3 does, per request. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long imapEnumerated() {
        try (Stream<Outcome> outcomes = salvo.imapEnumerated(Stream.generate(() -> Request.get(URL)).limit(BATCH),
                Batch.size(64))) {
            return outcomes.filter(Outcome::isSuccess).count();
        }
    }
}
