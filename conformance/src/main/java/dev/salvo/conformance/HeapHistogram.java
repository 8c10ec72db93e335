package dev.salvo.conformance;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Live objects per class, from HotSpot's {@code GC.class_histogram} diagnostic command (the one
 * {@code jcmd <pid> GC.class_histogram} runs), which collects garbage first and then counts only
 * what is still reachable.
 *
 * <p>It tells retained objects by their class without knowing any transport's classes: a
 * component that keeps one object per origin it has seen shows up as a class whose live count
 * grows with the number of origins, whatever the class is called.
 */
final class HeapHistogram {
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    /**
     * The command's output as it came: one string, so that a histogram kept for a later comparison
     * adds two objects to the heap, not a map entry and a class name per class (which would show
     * up as growth in the next histogram). It is parsed only when compared.
     */
    private final String text;

    private HeapHistogram(String text) {
        this.text = text;
    }

    /** Whether this JVM offers the diagnostic command (HotSpot does) and it runs; runs it once to know. */
    static boolean supported() {
        try {
            if (!ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(DIAGNOSTIC_COMMAND))) {
                return false;
            }
        } catch (JMException e) {
            return false;
        }
        try {
            return now().classes() > 0;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Collects garbage and counts the live instances of every class; call only when {@link #supported()}. */
    static HeapHistogram now() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            return new HeapHistogram((String) server.invoke(new ObjectName(DIAGNOSTIC_COMMAND), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        } catch (JMException e) {
            throw new IllegalStateException("GC.class_histogram failed", e);
        }
    }

    /** Live instances per class name. */
    private Map<String, Long> instances() {
        Map<String, Long> counts = new HashMap<>();
        // rows: "   1:        123456       7890123  java.lang.String (java.base@17)"
        for (String line : text.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4 && cols[0].endsWith(":")) {
                try {
                    counts.merge(cols[3], Long.parseLong(cols[1]), Long::sum);
                } catch (NumberFormatException notARow) {
                    // the header line
                }
            }
        }
        return counts;
    }

    /** Classes with more live instances than in {@code before}, most grown first: "name +growth". */
    List<String> grownSince(HeapHistogram before, long atLeast) {
        Map<String, Long> then = before.instances();
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        for (Map.Entry<String, Long> e : instances().entrySet()) {
            long growth = e.getValue() - then.getOrDefault(e.getKey(), 0L);
            if (growth >= atLeast) {
                grown.add(Map.entry(e.getKey(), growth));
            }
        }
        grown.sort(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed());
        return grown.stream().map(e -> e.getKey() + " +" + e.getValue()).toList();
    }

    /** Number of distinct classes counted. */
    int classes() {
        return instances().size();
    }
}
