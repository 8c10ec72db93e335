package dev.salvo.bench;

import java.util.List;

/**
 * One measured cell: a client running one workload in a fresh JVM.
 *
 * @param workload    "W1".."W4"
 * @param label       the row's name in the report (a client, sometimes with its JVM setting)
 * @param client      the client to run (see {@link Clients})
 * @param url         the URL every request GETs
 * @param requests    requests per repetition
 * @param concurrency requests in flight at most
 * @param warmup      requests sent first and not measured, again and again until {@code warmupSeconds} have passed
 * @param warmupSeconds the least warm-up time (0: the warm-up requests once)
 * @param reps        measured repetitions
 * @param jvmArgs     extra options for the child JVM (heap cap, system properties)
 */
record Cell(String workload, String label, String client, String url, long requests, int concurrency, long warmup,
            int warmupSeconds, int reps, List<String> jvmArgs) {
}
