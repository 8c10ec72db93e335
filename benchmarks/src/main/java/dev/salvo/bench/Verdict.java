package dev.salvo.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One target of design.md section 7 held against this run's figures.
 *
 * @param target   what is asked, in words
 * @param measured what was measured, in words
 * @param met      whether it was met; null when it could not be judged (a reference missing)
 * @param gap      by how much it was missed, in words, or "" when met
 */
record Verdict(String target, String measured, Boolean met, String gap) {

    /** Every target this run's results can judge. */
    static List<Verdict> judge(Results r) {
        List<Verdict> out = new ArrayList<>();
        CellResult wrk1 = r.find("W1", Clients.WRK, Plan.W1_SIZE);
        atLeast(out, "W1 salvo netty >= 0.85 x wrk", r.find("W1", Clients.SALVO_NETTY, Plan.W1_SIZE), wrk1, 0.85, false);
        for (var e : List.of(Clients.SALVO_JDK, Clients.SALVO_OKHTTP, Clients.SALVO_NETTY)) {
            String raw = Clients.RAW_OF.get(e);
            atLeast(out, "W1 " + e + " >= 0.95 x " + raw, r.find("W1", e, Plan.W1_SIZE), r.find("W1", raw, Plan.W1_SIZE),
                    0.95, false);
        }
        for (int size : Plan.W2_SIZES) {
            double limit = size <= 100 ? 1.05 : 1.10;
            for (String c : List.of(Clients.SALVO_JDK, Clients.SALVO_OKHTTP, Clients.SALVO_NETTY)) {
                CellResult cell = r.find("W2", c, size);
                if (cell == null) {
                    continue;
                }
                String t = "W2 " + c + " size " + size + " <= " + limit + " x ideal";
                if (!cell.ok()) {
                    out.add(new Verdict(t, "failed: " + cell.failure(), false, "did not run"));
                    continue;
                }
                double ratio = Stats.of(cell.seconds()).median() / (idealMillis(cell.cell()) / 1000.0);
                out.add(new Verdict(t, String.format("%.3f x ideal", ratio), ratio <= limit,
                        ratio <= limit ? "" : String.format("%.1f%% over the limit", (ratio / limit - 1) * 100)));
            }
        }
        for (String c : List.of(Clients.SALVO_JDK, Clients.SALVO_OKHTTP, Clients.SALVO_NETTY)) {
            CellResult cell = r.find("W3", c, Plan.W3_SIZE);
            if (cell == null) {
                continue;
            }
            String t = "W3 " + c + ": " + cell.cell().requests() + " requests under " + Plan.W3_HEAP
                    + ", peak sockets <= " + Plan.W3_SIZE;
            boolean done = cell.ok() && cell.errors() == 0;
            boolean sockets = cell.peakSockets() >= 0 && cell.peakSockets() <= Plan.W3_SIZE;
            String measured = done ? "done, " + cell.errors() + " errors, peak sockets " + cell.peakSockets()
                    + ", peak RSS " + Math.round(cell.peakRssMib()) + " MiB"
                    : cell.ok() ? cell.errors() + " errors" : "failed: " + cell.failure();
            out.add(new Verdict(t, measured, done && sockets,
                    done && sockets ? "" : !done ? "did not complete cleanly" : (cell.peakSockets() - Plan.W3_SIZE) + " sockets over"));
        }
        CellResult wrk4 = r.find("W4", Clients.WRK, Plan.W4_SIZE);
        for (String c : List.of(Clients.SALVO_JDK, Clients.SALVO_OKHTTP, Clients.SALVO_NETTY)) {
            atLeast(out, "W4 " + c + " >= 0.8 x wrk (MiB/s)", r.find("W4", c, Plan.W4_SIZE), wrk4, 0.8, true);
        }
        out.addAll(PeerReport.verdicts(r));
        return out;
    }

    /** ceil(N / size) rounds of the endpoint's delay. */
    static double idealMillis(Cell cell) {
        return Math.ceil((double) cell.requests() / cell.concurrency()) * Plan.W2_DELAY_MS;
    }

    private static void atLeast(List<Verdict> out, String target, CellResult cell, CellResult ref, double factor,
                                boolean bytes) {
        if (cell == null) {
            return;
        }
        if (ref == null || !ref.ok()) {
            out.add(new Verdict(target, "no reference in this run" + (ref == null ? "" : ": " + ref.failure()), null, ""));
            return;
        }
        if (!cell.ok()) {
            out.add(new Verdict(target, "failed: " + cell.failure(), false, "did not run"));
            return;
        }
        double ratio = median(cell, bytes) / median(ref, bytes);
        boolean met = ratio >= factor;
        out.add(new Verdict(target, String.format("%.2f x", ratio), met,
                met ? "" : String.format("%.1f%% short (%.2f x of %.2f x)", (1 - ratio / factor) * 100, ratio, factor)));
    }

    static double median(CellResult c, boolean bytes) {
        return Stats.of(bytes ? c.mibPerSecond() : c.requestsPerSecond()).median();
    }

    String status() {
        return met == null ? "not judged" : met ? "met" : "MISSED";
    }
}
