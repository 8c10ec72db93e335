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
    /** The cold cell's workload name. */
    static final String COLD = "COLD";
    /** The command cell's workload name, and its requests in flight (the command's -c, the Python pools' size). */
    static final String COMMAND = "CMD";
    static final int COMMAND_SIZE = 64;
    /** Salvo over each transport, then the JVM peers. */
    static final List<String> COLD_CLIENTS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(Clients.SALVO_NETTY, Clients.SALVO_OKHTTP, Clients.SALVO_JDK),
            Clients.PEERS.stream()).toList();
    /** The W2 size the JVM peers are measured at (the harder one). */
    static final int PEER_W2_SIZE = 1_000;
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

    /** W1: small GETs at size 64; the wrk cell is run by the driver itself, the rest (raw stacks, Salvo, the JVM peers) each in a child JVM. */
    List<Cell> w1() {
        long n = options.scaled(100_000, 200);
        List<Cell> cells = new ArrayList<>();
        cells.add(cell("W1", Clients.WRK, Clients.WRK, target.small(), n, W1_SIZE, 0, List.of()));
        for (String client : List.of(Clients.JDK_DEFAULT, Clients.JDK_TUNED, Clients.JDK_BLOCKING, Clients.OKHTTP_DEFAULT, Clients.OKHTTP_TUNED,
                Clients.NETTY_RAW, Clients.SALVO_JDK, Clients.SALVO_OKHTTP, Clients.SALVO_NETTY)) {
            cells.add(cell("W1", client, client, target.small(), n, W1_SIZE, n / 5, List.of()));
        }
        for (String client : Clients.PEERS) {
            cells.add(cell("W1", client, client, target.small(), n, W1_SIZE, n / 5, List.of()));
        }
        for (String client : List.of(Clients.JDK_TUNED, Clients.SALVO_JDK)) {
            cells.add(cell("W1", client + Clients.COMMON_POOL_2, client, target.small(), n, W1_SIZE, n / 5,
                    List.of(COMMON_POOL_2)));
        }
        return cells;
    }

    /**
     * W2: the 100 ms endpoint, 1,000 requests at size 100 and 10,000 at size 1,000 (scaled, never under one
     * round); the JVM peers at size 1,000 only.
     */
    List<Cell> w2() {
        List<Cell> cells = new ArrayList<>();
        for (int size : W2_SIZES) {
            long n = options.scaled(size * 10L, size);
            List<String> clients = new ArrayList<>(List.of(Clients.SALVO_JDK, Clients.SALVO_OKHTTP, Clients.SALVO_NETTY));
            if (size == PEER_W2_SIZE) {
                clients.addAll(Clients.PEERS);
            }
            for (String client : clients) {
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

    /**
     * The cold cell: the first 100,000 small GETs of a fresh JVM at W1's size, no warm-up. Each
     * repetition needs a JVM of its own (see {@link BenchMain}), so the cell asks for one repetition
     * per child and the driver runs it {@code reps} times.
     */
    List<Cell> cold() {
        long n = options.scaled(100_000, 200);
        List<Cell> cells = new ArrayList<>();
        for (String client : COLD_CLIENTS) {
            cells.add(new Cell(COLD, client, client, target.small().toString(), n, W1_SIZE, 0, 0, 1, List.of()));
        }
        return cells;
    }

    /** The command cell: 20,000 URLs fetched end to end by the salvo command and by the Python peers, at size 64. */
    List<Cell> command() {
        long n = options.scaled(20_000, 200);
        List<Cell> cells = new ArrayList<>();
        for (String client : List.of(CommandCells.SALVO, CommandCells.SALVO_START, CommandCells.GEVENT, CommandCells.AIOHTTP)) {
            cells.add(new Cell(COMMAND, client, client, target.small().toString(),
                    client.equals(CommandCells.SALVO_START) ? 0 : n, COMMAND_SIZE, 0, 0, options.reps(), List.of()));
        }
        return cells;
    }

    private Cell cell(String workload, String label, String client, URI url, long n, int size, long warmup,
                      List<String> jvmArgs) {
        return new Cell(workload, label, client, url.toString(), n, size, warmup,
                warmup > 0 ? options.warmupSeconds() : 0, options.reps(), jvmArgs);
    }
}
