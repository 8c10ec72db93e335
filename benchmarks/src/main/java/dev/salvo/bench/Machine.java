package dev.salvo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line about the machine a run was on: cores, CPU, memory, kernel and JDK. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu() + "), " + memoryGib() + " GiB RAM, Linux "
                + System.getProperty("os.version") + ", JDK " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
    }

    /**
     * The code measured: the checkout's commit, marked when files other than the results differ
     * from it; null outside a git checkout.
     */
    static String commit() {
        String head = git("rev-parse", "--short", "HEAD");
        if (head == null || head.isBlank()) {
            return null;
        }
        String changes = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)benchmarks/results");
        return head.trim() + (changes == null || changes.isBlank() ? "" : " with uncommitted changes");
    }

    private static String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The first three fields of /proc/loadavg, or "?". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpu() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name", "unknown CPU");
    }

    private static String memoryGib() {
        String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal", "").replaceAll("[^0-9]", "");
        return kb.isEmpty() ? "?" : Long.toString(Math.round(Long.parseLong(kb) / 1024.0 / 1024.0));
    }

    private static String firstValue(Path file, String key, String fallback) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
                }
            }
        } catch (IOException e) {
            return fallback;
        }
        return fallback;
    }
}
