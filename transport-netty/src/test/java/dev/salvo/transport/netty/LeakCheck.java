package dev.salvo.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs around every test class of this module (registered automatically): afterwards, no
 * {@code ByteBuf} leak may have been reported by Netty's detector (paranoid level, every buffer
 * tracked), and this module's allocator must hold exactly as many buffers as before the class
 * (every transport the class made is closed by then, so their event-loop caches are gone too).
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        assertThat(ResourceLeakDetector.getLevel()).as("leak detection level of this test JVM")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        context.getStore(NS).put("baseline", Buffers.activeAllocations());
        context.getStore(NS).put("reports", RecordingLeakDetector.REPORTS.size());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        long baseline = context.getStore(NS).get("baseline", Long.class);
        await("allocations of the transport's allocator back to " + baseline + " after " + context.getDisplayName())
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Buffers.activeAllocations()).as("active allocations").isEqualTo(baseline));
        collectLeaks();
        int before = context.getStore(NS).get("reports", Integer.class);
        List<String> reports = RecordingLeakDetector.REPORTS;
        assertThat(reports.subList(Math.min(before, reports.size()), reports.size()))
                .as("ByteBuf leaks reported during %s", context.getDisplayName()).isEmpty();
    }

    /**
     * Makes the detector look at every buffer that became unreachable: a full collection (seen by a
     * sentinel reference being enqueued), then a few tracked allocations, each of which polls the
     * detector's queue and reports what it finds.
     */
    static void collectLeaks() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        for (int i = 0; i < 50 && !sentinel.refersTo(null); i++) {
            System.gc();
        }
        try {
            queue.remove(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuf> probes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            probes.add(Buffers.ALLOCATOR.heapBuffer(16));
        }
        probes.forEach(ByteBuf::release);
    }
}
