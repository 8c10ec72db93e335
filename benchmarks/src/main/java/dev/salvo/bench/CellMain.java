package dev.salvo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salvo.spi.BlockingThreads;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The child JVM's main: runs one {@link Cell} (given as JSON in the first argument) and prints
 * its {@link CellResult} as one JSON line starting with {@value #PREFIX}. Exits non-zero on failure.
 */
public final class CellMain {
    static final String PREFIX = "CELL-RESULT ";

    private CellMain() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Cell cell = json.readValue(args[0], Cell.class);
        CellResult result = run(cell);
        System.out.println(PREFIX + json.writeValueAsString(result));
        System.out.flush();
        // a JDK 17 HttpClient cannot be stopped, and some stacks keep non-daemon threads a while
        System.exit(result.ok() ? 0 : 1);
    }

    static CellResult run(Cell cell) throws Exception {
        URI uri = URI.create(cell.url());
        List<Double> seconds = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> mibs = new ArrayList<>();
        Histogram latency = new Histogram(3);
        long errors = 0;
        int peakSockets;
        long startedBefore;
        long startedAfter;
        try (Sampler sampler = new Sampler(20); Load load = Load.of(cell.client())) {
            if (cell.warmup() > 0) {
                // until the JIT has settled: a short warm-up favours the client with the least code
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(cell.warmupSeconds());
                do {
                    load.run(uri, cell.warmup(), cell.concurrency(), new Tally());
                } while (System.nanoTime() - until < 0);
            }
            startedBefore = Sampler.threadsStarted();
            for (int rep = 0; rep < cell.reps(); rep++) {
                Tally tally = new Tally();
                long t0 = System.nanoTime();
                load.run(uri, cell.requests(), cell.concurrency(), tally);
                double s = (System.nanoTime() - t0) / 1e9;
                seconds.add(s);
                rates.add(tally.completed() / s);
                mibs.add(tally.bytes() / (1024.0 * 1024.0) / s);
                errors += tally.errors();
                latency.add(tally.latency());
            }
            startedAfter = Sampler.threadsStarted();
            sampler.close();
            peakSockets = sampler.peakSockets();
        }
        double measured = (double) cell.requests() * cell.reps();
        return new CellResult(cell, seconds, rates, mibs, errors, ms(latency, 50), ms(latency, 90), ms(latency, 99),
                ms(latency, 99.9), latency.getMaxValue() / 1000.0, Sampler.peakRssKib() / 1024.0, peakSockets,
                Sampler.peakThreads(), (startedAfter - startedBefore) / measured, null,
                System.getProperty("java.runtime.version"), BlockingThreads.virtualUsed());
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
