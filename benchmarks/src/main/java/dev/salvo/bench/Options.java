package dev.salvo.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link BenchMain}.
 *
 * @param workloads  which of W1..W4, COLD and CMD to run
 * @param reps       measured repetitions per cell (W3 has its own, it is long)
 * @param w3Reps     repetitions of W3
 * @param scale      factor on every request count (1 = the design's counts)
 * @param wrkSeconds length of one wrk run
 * @param warmupSeconds the least time each cell warms up before it is measured (the JIT settles)
 * @param out        where RESULTS.md, the charts and the cell logs go
 * @param server     "auto" (nginx, else the embedded server), "nginx" or "embedded"
 * @param install    whether missing nginx/wrk may be installed with apt-get
 * @param note       a line shown under the report's title (for a reduced run, say so)
 * @param only       run only the rows whose label contains one of these (lower case); empty for all
 * @param reportOnly run nothing: write RESULTS.md and the charts again from the output dir's results.json
 */
record Options(Set<String> workloads, int reps, int w3Reps, double scale, int wrkSeconds, int warmupSeconds, Path out, String server,
               boolean install, String note, List<String> only, boolean reportOnly) {

    static final String USAGE = """
            usage: bench [options]
              --workloads W1,W2,W3,W4,COLD,CMD   which workloads (default: all); COLD: the first 100,000
                                        requests of fresh JVMs, no warm-up; CMD: the salvo command against
                                        Python peers, 20,000 URLs end to end
              --reps N                  measured repetitions per cell (default 5)
              --w3-reps N               repetitions of W3, a million requests each (default 1)
              --scale F                 factor on request counts: 0.1 for a tenth (default 1)
              --wrk-seconds N           length of each wrk run (default 5)
              --warmup-seconds N        the least warm-up of each cell before it is measured (default 5)
              --out DIR                 output directory (default benchmarks/results)
              --server auto|nginx|embedded   (default auto: nginx, else the embedded server)
              --no-install              never apt-get install nginx or wrk
              --note TEXT               a line under the report's title
              --only A,B                only the rows whose name contains A or B, e.g. --only "salvo,wrk"
              --report-only             run nothing; write RESULTS.md and the charts again from results.json
                                        (and jmh.txt) in the output directory
              --quick                   a smoke run of a few seconds: --reps 1 --w3-reps 1 --scale 0.01 --wrk-seconds 1
                                        --warmup-seconds 0
            """;

    static Options parse(String... args) {
        Set<String> workloads = new LinkedHashSet<>(List.of("W1", "W2", "W3", "W4", Plan.COLD, Plan.COMMAND));
        int reps = 5;
        int w3Reps = 1;
        double scale = 1;
        int wrkSeconds = 5;
        int warmupSeconds = 5;
        Path out = Path.of("benchmarks", "results");
        String server = "auto";
        boolean install = true;
        String note = "";
        List<String> only = List.of();
        boolean reportOnly = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--workloads" -> {
                    workloads = new LinkedHashSet<>();
                    for (String w : value(args, ++i, a).split(",")) {
                        String id = w.trim().toUpperCase(Locale.ROOT);
                        if (!id.matches("W[1-4]|" + Plan.COLD + "|" + Plan.COMMAND)) {
                            throw new IllegalArgumentException("--workloads: unknown workload '" + w + "' (W1..W4, "
                                    + Plan.COLD + ", " + Plan.COMMAND + ")");
                        }
                        workloads.add(id);
                    }
                }
                case "--reps" -> reps = positive(a, value(args, ++i, a));
                case "--w3-reps" -> w3Reps = positive(a, value(args, ++i, a));
                case "--scale" -> {
                    scale = Double.parseDouble(value(args, ++i, a));
                    if (!(scale > 0)) {
                        throw new IllegalArgumentException("--scale: must be > 0, got " + scale);
                    }
                }
                case "--wrk-seconds" -> wrkSeconds = positive(a, value(args, ++i, a));
                case "--warmup-seconds" -> {
                    warmupSeconds = Integer.parseInt(value(args, ++i, a));
                    if (warmupSeconds < 0) {
                        throw new IllegalArgumentException("--warmup-seconds: must be >= 0, got " + warmupSeconds);
                    }
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--server" -> {
                    server = value(args, ++i, a);
                    if (!List.of("auto", "nginx", "embedded").contains(server)) {
                        throw new IllegalArgumentException("--server: auto, nginx or embedded, got " + server);
                    }
                }
                case "--no-install" -> install = false;
                case "--report-only" -> reportOnly = true;
                case "--note" -> note = value(args, ++i, a);
                case "--only" -> only = Arrays.stream(value(args, ++i, a).split(","))
                        .map(o -> o.trim().toLowerCase(Locale.ROOT)).filter(o -> !o.isEmpty()).toList();
                case "--quick" -> {
                    reps = 1;
                    w3Reps = 1;
                    scale = 0.01;
                    wrkSeconds = 1;
                    warmupSeconds = 0;
                }
                default -> throw new IllegalArgumentException("unknown option: " + a + "\n" + USAGE);
            }
        }
        return new Options(workloads, reps, w3Reps, scale, wrkSeconds, warmupSeconds, out, server, install, note, only, reportOnly);
    }

    /** Whether the row of this label is to be run. */
    boolean wants(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        return only.isEmpty() || only.stream().anyMatch(l::contains);
    }

    /** A design count scaled, never below {@code min}. */
    long scaled(long count, long min) {
        return Math.max(min, Math.round(count * scale));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + ": needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String v) {
        int n = Integer.parseInt(v);
        if (n < 1) {
            throw new IllegalArgumentException(option + ": must be >= 1, got " + n);
        }
        return n;
    }
}
