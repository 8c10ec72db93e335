package dev.salvo.conformance;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap bytes allocated by the JVM's threads over a stretch of time, from HotSpot's per-thread
 * allocation counters ({@code com.sun.management.ThreadMXBean}).
 *
 * <p>This measures what a piece of work costs in memory without depending on the heap size the JVM
 * was given: everything a request allocates, garbage included, is counted on whichever thread
 * allocated it (I/O, callback or caller thread), so a bound on it is a bound on the memory the
 * request ever needed at once. A thread that starts and ends between {@link #start()} and
 * {@link #bytesSinceStart()} is missed, which can only make the count lower; the kit's clients keep
 * their threads while they are open.
 */
final class Allocations {
    private final com.sun.management.ThreadMXBean threads;
    private final Map<Long, Long> before;

    private Allocations(com.sun.management.ThreadMXBean threads) {
        this.threads = threads;
        this.before = snapshot(threads);
    }

    /** Whether this JVM counts allocations per thread (HotSpot does, by default). */
    static boolean supported() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                && sun.isThreadAllocatedMemoryEnabled();
    }

    /** Starts counting now; call only when {@link #supported()}. */
    static Allocations start() {
        return new Allocations((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean());
    }

    /** Bytes allocated by all live threads since {@link #start()}. */
    long bytesSinceStart() {
        long total = 0;
        for (Map.Entry<Long, Long> e : snapshot(threads).entrySet()) {
            total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return total;
    }

    private static Map<Long, Long> snapshot(com.sun.management.ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> out = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                out.put(ids[i], bytes[i]);
            }
        }
        return out;
    }
}
