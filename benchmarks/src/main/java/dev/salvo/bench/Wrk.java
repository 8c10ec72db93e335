package dev.salvo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk, the ceiling: {@code wrk -t2 -c<concurrency> -d<seconds>s --latency <url>}, once per
 * repetition, its summary parsed into a {@link CellResult} (wrk's units are binary: 1 MB = 1 MiB).
 */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TRANSFER = Pattern.compile("Transfer/sec:\\s+([0-9.]+)([KMGT]?B)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {
    }

    static CellResult run(String wrk, Cell cell, int seconds) {
        List<Double> secs = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> mibs = new ArrayList<>();
        double[] pct = new double[3];
        long errors = 0;
        for (int rep = 0; rep < cell.reps(); rep++) {
            String out;
            try {
                out = exec(List.of(wrk, "-t2", "-c" + cell.concurrency(), "-d" + seconds + "s", "--latency", cell.url()));
            } catch (IOException e) {
                return CellResult.failed(cell, "wrk: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CellResult.failed(cell, "interrupted");
            }
            Matcher rate = RATE.matcher(out);
            Matcher transfer = TRANSFER.matcher(out);
            if (!rate.find() || !transfer.find()) {
                return CellResult.failed(cell, "wrk printed no summary: " + out);
            }
            secs.add((double) seconds);
            rates.add(Double.parseDouble(rate.group(1)));
            mibs.add(Double.parseDouble(transfer.group(1)) * unit(transfer.group(2)));
            errors += errors(out);
            if (rep == cell.reps() / 2) {
                Matcher p = PERCENTILE.matcher(out);
                while (p.find()) {
                    int i = switch (p.group(1)) { case "50" -> 0; case "90" -> 1; default -> 2; };
                    pct[i] = millis(Double.parseDouble(p.group(2)), p.group(3));
                }
            }
        }
        return new CellResult(cell, secs, rates, mibs, errors, pct[0], pct[1], pct[2], -1, -1, -1, -1, -1, 0, null, null, false);
    }

    /** wrk's "Transfer/sec" unit in MiB. */
    static double unit(String u) {
        return switch (u) {
            case "B" -> 1.0 / (1024 * 1024);
            case "KB" -> 1.0 / 1024;
            case "MB" -> 1;
            case "GB" -> 1024;
            default -> 1024 * 1024;
        };
    }

    static double millis(double v, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    static long errors(String out) {
        long n = 0;
        Matcher m = ERRORS.matcher(out);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    n += Long.parseLong(m.group(g));
                }
            }
        }
        return n;
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("exit " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
