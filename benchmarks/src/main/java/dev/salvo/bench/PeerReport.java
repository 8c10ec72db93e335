package dev.salvo.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Salvo against its peers: the JVM peers in W1, W2 at size 1,000 and the cold cell, and the
 * command against the Python peers. Each comparison gives the ratio of medians and its spread,
 * the min - max of the ratios of the repetitions taken pairwise (repetition i of Salvo against
 * repetition i of the peer best in that repetition), and a target: Salvo over netty ahead of the best JVM peer in
 * every repetition, the command at least 10 x as fast as the gevent pool.
 */
final class PeerReport {
    /** The command's target over the gevent pool. */
    static final double COMMAND_TARGET = 10;

    private PeerReport() {
    }

    /**
     * One comparison of a Salvo row with the best peer of its cell.
     *
     * @param what      the cell, in words
     * @param salvo     the Salvo row's label
     * @param best      the best peer's label (best median)
     * @param median    Salvo's median over the best peer's, oriented so that above 1 is Salvo ahead
     * @param perRep    the same ratio for each repetition taken pairwise, against whichever peer was best in it
     * @param worst     the peer Salvo fared worst against, in its worst repetition
     * @param spread    how far Salvo's own repetitions lay apart, max over min less 1: the machine's noise,
     *                  against which a small lead or lag is to be read
     */
    record Comparison(String what, String salvo, String best, double median, List<Double> perRep, String worst,
                      double spread) {
        double min() {
            return perRep.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return perRep.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    /** The JVM-peer comparisons this run allows: W1, W2 size 1,000 and cold, Salvo over netty against the best peer. */
    static List<Comparison> jvm(Results r) {
        List<Comparison> out = new ArrayList<>();
        add(out, r, "W1 size " + Plan.W1_SIZE + " (req/s)", "W1", Plan.W1_SIZE, false);
        add(out, r, "W2 size " + Plan.PEER_W2_SIZE + " (seconds)", "W2", Plan.PEER_W2_SIZE, true);
        add(out, r, "cold, first " + coldCount(r) + " requests of a fresh JVM (req/s)", Plan.COLD, Plan.W1_SIZE, false);
        return out;
    }

    /** The command against the gevent pool (time over time: above 1 is the command ahead), or null. */
    static Comparison command(Results r) {
        CellResult salvo = r.find(Plan.COMMAND, CommandCells.SALVO, Plan.COMMAND_SIZE);
        CellResult gevent = r.find(Plan.COMMAND, CommandCells.GEVENT, Plan.COMMAND_SIZE);
        if (salvo == null || gevent == null || !salvo.ok() || !gevent.ok()) {
            return null;
        }
        return compare("command, " + salvo.cell().requests() + " URLs end to end (seconds)", salvo, gevent, true);
    }

    /** Verdicts: Salvo netty ahead of the best JVM peer in every repetition of each cell; the command >= 10 x gevent. */
    static List<Verdict> verdicts(Results r) {
        List<Verdict> out = new ArrayList<>();
        for (Comparison c : jvm(r)) {
            String target = c.what() + ": salvo netty ahead of the best JVM peer in every repetition";
            boolean met = c.min() > 1;
            out.add(new Verdict(target, ratios(c) + " of " + c.best(), met, met ? "" : behind(c)));
        }
        Comparison cmd = command(r);
        if (cmd != null) {
            String target = "command >= " + (int) COMMAND_TARGET + " x the gevent pool (end to end, JVM start included)";
            boolean met = cmd.min() >= COMMAND_TARGET;
            out.add(new Verdict(target, ratios(cmd), met, met ? "" : String.format(Locale.ROOT,
                    "%.1f%% short at the worst repetition (%.2f x of %.0f x)%s", (1 - cmd.min() / COMMAND_TARGET) * 100,
                    cmd.min(), COMMAND_TARGET, startShare(r))));
        } else if (r.find(Plan.COMMAND, CommandCells.SALVO, Plan.COMMAND_SIZE) != null) {
            out.add(new Verdict("command >= " + (int) COMMAND_TARGET + " x the gevent pool", "not run: "
                    + failures(r), null, ""));
        }
        return out;
    }

    /** The markdown section: one table per comparison (every row against the best peer), then the command's table. */
    static void markdown(StringBuilder md, Results r) {
        List<Comparison> jvm = jvm(r);
        if (!jvm.isEmpty()) {
            md.append("\n## Salvo against the JVM peers\n\n");
            md.append("Each peer set up as its documentation recommends for many requests to one host (one client, "
                    + "pool and limits raised to the concurrency), each in a fresh JVM. \"x best peer\" is the ratio of "
                    + "medians, above 1 when Salvo is ahead; \"per repetition\" is the min - max over the repetitions of "
                    + "Salvo's ratio to the peer best in that repetition.\n\n");
            md.append("| cell | salvo netty vs best peer | x best peer | per repetition | met in every repetition |\n");
            md.append("| --- | --- | ---: | ---: | --- |\n");
            for (Comparison c : jvm) {
                md.append("| ").append(c.what()).append(" | ").append(c.best()).append(" | ")
                        .append(x(c.median())).append(" | ").append(x(c.min())).append(" - ").append(x(c.max()))
                        .append(" | ").append(c.min() > 1 ? "yes" : "no: " + behind(c)).append(" |\n");
            }
        }
        cold(md, r);
        commandTable(md, r);
    }

    private static void cold(StringBuilder md, Results r) {
        List<CellResult> cells = r.of(Plan.COLD);
        if (cells.isEmpty()) {
            return;
        }
        md.append("\n## Cold: the first ").append(coldCount(r)).append(" small GETs of a fresh JVM, size ")
                .append(Plan.W1_SIZE).append(", no warm-up\n\nEach repetition a JVM of its own; the clients take turns "
                        + "within each round. Latencies and peaks: the worst repetition's.\n\n");
        md.append("| client | req/s | min - max | p50 ms | p99 ms | peak RSS MiB | errors |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (CellResult c : cells) {
            if (!c.ok()) {
                md.append("| ").append(c.cell().label()).append(" | failed: ").append(clean(c.failure()))
                        .append(" | | | | | |\n");
                continue;
            }
            Stats s = Stats.of(c.requestsPerSecond());
            md.append("| ").append(c.cell().label()).append(" | ").append(Report.num(s.median())).append(" | ")
                    .append(Report.num(s.min())).append(" - ").append(Report.num(s.max())).append(" | ")
                    .append(Report.dec(c.p50Ms())).append(" | ").append(Report.dec(c.p99Ms())).append(" | ")
                    .append(Report.num(c.peakRssMib())).append(" | ").append(c.errors()).append(" |\n");
        }
    }

    private static void commandTable(StringBuilder md, Results r) {
        List<CellResult> cells = r.of(Plan.COMMAND);
        if (cells.isEmpty()) {
            return;
        }
        CellResult salvo = r.find(Plan.COMMAND, CommandCells.SALVO, Plan.COMMAND_SIZE);
        md.append("\n## The command against Python peers: URLs fetched end to end, size ").append(Plan.COMMAND_SIZE)
                .append("\n\nWall time from process start to exit, JVM start included; \"x salvo\" is the row's time "
                        + "over the command's (above 1: the command is faster).\n\n");
        md.append("| program | median s | min - max s | URLs/s | x salvo | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (CellResult c : cells) {
            if (!c.ok()) {
                md.append("| ").append(c.cell().label()).append(" | ").append(clean(c.failure())).append(" | | | | |\n");
                continue;
            }
            Stats s = Stats.of(c.seconds());
            String vs = salvo == null || !salvo.ok() || c == salvo ? "" : x(s.median() / Stats.of(salvo.seconds()).median());
            md.append("| ").append(c.cell().label()).append(" | ").append(Report.dec(s.median())).append(" | ")
                    .append(Report.dec(s.min())).append(" - ").append(Report.dec(s.max())).append(" | ")
                    .append(c.cell().requests() == 0 ? "-" : Report.num(Stats.of(c.requestsPerSecond()).median()))
                    .append(" | ").append(vs).append(" | ").append(c.errors()).append(" |\n");
        }
    }

    private static void add(List<Comparison> out, Results r, String what, String workload, int size, boolean seconds) {
        CellResult salvo = r.find(workload, Clients.SALVO_NETTY, size);
        List<CellResult> peers = Clients.PEERS.stream().map(p -> r.find(workload, p, size))
                .filter(c -> c != null && c.ok()).toList();
        if (salvo == null || !salvo.ok() || peers.isEmpty()) {
            return;
        }
        Comparator<CellResult> better = Comparator.comparingDouble(c -> median(c, seconds));
        CellResult best = seconds ? peers.stream().min(better).orElseThrow() : peers.stream().max(better).orElseThrow();
        Comparison byMedian = compare(what, salvo, best, seconds);
        // each repetition against the best peer of that repetition, which need not be the best by median
        List<Double> perRep = new ArrayList<>(byMedian.perRep());
        String worst = byMedian.worst();
        double worstRatio = byMedian.min();
        for (CellResult peer : peers) {
            List<Double> against = compare(what, salvo, peer, seconds).perRep();
            for (int i = 0; i < Math.min(perRep.size(), against.size()); i++) {
                perRep.set(i, Math.min(perRep.get(i), against.get(i)));
                if (against.get(i) < worstRatio) {
                    worstRatio = against.get(i);
                    worst = peer.cell().label();
                }
            }
        }
        out.add(new Comparison(what, byMedian.salvo(), best.cell().label(), byMedian.median(), perRep, worst,
                byMedian.spread()));
    }

    /** Salvo against one peer; with {@code seconds}, times (lower is better), else rates. */
    static Comparison compare(String what, CellResult salvo, CellResult peer, boolean seconds) {
        List<Double> a = seconds ? salvo.seconds() : salvo.requestsPerSecond();
        List<Double> b = seconds ? peer.seconds() : peer.requestsPerSecond();
        List<Double> perRep = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            perRep.add(seconds ? b.get(i) / a.get(i) : a.get(i) / b.get(i));
        }
        Stats sa = Stats.of(a);
        double ma = sa.median();
        double mb = Stats.of(b).median();
        return new Comparison(what, salvo.cell().label(), peer.cell().label(), seconds ? mb / ma : ma / mb, perRep,
                peer.cell().label(), sa.max() / sa.min() - 1);
    }

    private static double median(CellResult c, boolean seconds) {
        return Stats.of(seconds ? c.seconds() : c.requestsPerSecond()).median();
    }

    private static String ratios(Comparison c) {
        return x(c.median()) + " (repetitions " + x(c.min()) + " - " + x(c.max()) + ")";
    }

    /** By how much the worst repetition is behind, and how many repetitions were. */
    private static String behind(Comparison c) {
        long behind = c.perRep().stream().filter(v -> v <= 1).count();
        return String.format(Locale.ROOT, "%d of %d repetitions not ahead; the worst %.1f%% behind %s (%s's own "
                + "repetitions lay %.1f%% apart)", behind, c.perRep().size(), (1 - c.min()) * 100, c.worst(), c.salvo(),
                c.spread() * 100);
    }

    /** What share of the command's median time its start alone takes, when the start row ran. */
    private static String startShare(Results r) {
        CellResult start = r.find(Plan.COMMAND, CommandCells.SALVO_START, Plan.COMMAND_SIZE);
        CellResult salvo = r.find(Plan.COMMAND, CommandCells.SALVO, Plan.COMMAND_SIZE);
        if (start == null || !start.ok() || salvo == null || !salvo.ok()) {
            return "";
        }
        double s = Stats.of(start.seconds()).median();
        double all = Stats.of(salvo.seconds()).median();
        return String.format(Locale.ROOT, "; JVM and command start (salvo --version) is %.2f s of the command's %.2f s",
                s, all);
    }

    private static String failures(Results r) {
        return String.join("; ", r.of(Plan.COMMAND).stream().filter(c -> !c.ok())
                .map(c -> c.cell().label() + ": " + clean(c.failure())).toList());
    }

    private static int coldCount(Results r) {
        return r.of(Plan.COLD).stream().mapToInt(c -> (int) c.cell().requests()).findFirst().orElse(0);
    }

    private static String clean(String s) {
        return s.replace('\n', ' ').replace('|', '/');
    }

    static String x(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
