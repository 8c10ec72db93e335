package dev.salvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine a run was on: cores, CPU, memory, kernel and JDK. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu() + "), " + memoryGib() + " GiB RAM, Linux "
                + System.getProperty("os.version") + ", JDK " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
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
