package dev.salvo.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The cells of each workload, as design.md section 7 names them, scaled by the options. */
final class Plan {
    static final int W1_SIZE = 64;
    static final int W3_SIZE = 64;
    static final int W4_SIZE = 8;
    static final List<Integer> W2_SIZES = List.of(100, 1_000);
    /** W2's endpoint answers after this long. */
    static final long W2_DELAY_MS = 100;
    /** On at most 2 cores CompletableFuture's async steps start a thread per task unless the common pool has 2 threads. */
    static final String COMMON_POOL_2 = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2";
    static final String W3_HEAP = "-Xmx64m";

    private final Options options;
    private final Target target;

    Plan(Options options, Target target) {
        this.options = options;
        this.target = target;
    }

    /** W1: small GETs at size 64; the wrk cell is run by the driver itself, the rest each in a child JVM. */
    List<Cell> w1() {
        long n = options.scaled(100_000, 200);
        List<Cell> cells = new ArrayList<>();
        cells.add(cell("W1", Clients.WRK, Clients.WRK, target.small(), n, W1_SIZE, 0, List.of()));
        for (String client : List.of(Clients.JDK_DEFAULT, Clients.JDK_TUNED, Clients.JDK_BLOCKING, Clients.OKHTTP_DEFAULT, Clients.OKHTTP_TUNED,
                Clients.NETTY_RAW, Clients.SALVO_JDK, Clients.SALVO_OKHTTP, Clients.SALVO_NETTY)) {
            cells.add(cell("W1", client, client, target.small(), n, W1_SIZE, n / 5, List.of()));
        }
        for (String client : List.of(Clients.JDK_TUNED, Clients.SALVO_JDK)) {
            cells.add(cell("W1", client + Clients.COMMON_POOL_2, client, target.small(), n, W1_SIZE, n / 5,
                    List.of(COMMON_POOL_2)));
        }
        return cells;
    }

    /** W2: the 100 ms endpoint, 1,000 requests at size 100 and 10,000 at size 1,000 (scaled, never under one round). */
    List<Cell> w2() {
        List<Cell> cells = new ArrayList<>();
        for (int size : W2_SIZES) {
            long n = options.scaled(size * 10L, size);
            for (String client : List.of(Clients.SALVO_JDK, Clients.SALVO_OKHTTP, Clients.SALVO_NETTY)) {
                cells.add(cell("W2", client, client, target.delayed(), n, size, size, List.of()));
            }
        }
        return cells;
    }

    /** W3: a million small GETs through imap from a lazy stream, in a JVM capped at 64 MiB of heap. */
    List<Cell> w3() {
        long n = options.scaled(1_000_000, 1_000);
        List<Cell> cells = new ArrayList<>();
        for (String client : List.of(Clients.SALVO_JDK, Clients.SALVO_OKHTTP, Clients.SALVO_NETTY)) {
            cells.add(new Cell("W3", client, client, target.small().toString(), n, W3_SIZE, 0, 0, options.w3Reps(),
                    List.of(W3_HEAP)));
        }
        return cells;
    }

    /** W4: 1 MiB bodies at size 8. */
    List<Cell> w4() {
        long n = options.scaled(2_000, 16);
        List<Cell> cells = new ArrayList<>();
        cells.add(cell("W4", Clients.WRK, Clients.WRK, target.large(), n, W4_SIZE, 0, List.of()));
        for (String client : List.of(Clients.JDK_TUNED, Clients.OKHTTP_TUNED, Clients.NETTY_RAW,
                Clients.SALVO_JDK, Clients.SALVO_OKHTTP, Clients.SALVO_NETTY)) {
            cells.add(cell("W4", client, client, target.large(), n, W4_SIZE, n / 5, List.of()));
        }
        return cells;
    }

    private Cell cell(String workload, String label, String client, URI url, long n, int size, long warmup,
                      List<String> jvmArgs) {
        return new Cell(workload, label, client, url.toString(), n, size, warmup,
                warmup > 0 ? options.warmupSeconds() : 0, options.reps(), jvmArgs);
    }
}
