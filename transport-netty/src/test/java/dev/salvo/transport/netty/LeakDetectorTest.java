package dev.salvo.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The leak check is live: a buffer dropped without release is reported, and LeakCheck would fail its class. */
class LeakDetectorTest {

    @Test
    void aDroppedBufferIsReported() {
        String marker = "deliberate-leak-" + UUID.randomUUID();
        leak(marker);
        await("the deliberately leaked buffer reported").atMost(Duration.ofSeconds(20)).until(() -> {
            LeakCheck.collectLeaks();
            return RecordingLeakDetector.REPORTS.stream().anyMatch(r -> r.contains(marker));
        });
        // expected here; anything else reported stays for LeakCheck to fail on
        RecordingLeakDetector.REPORTS.removeIf(r -> r.contains(marker));
    }

    @Test
    void aDropInTheModulesAllocatorWouldMoveItsCount() {
        long before = Buffers.activeAllocations();
        ByteBuf held = Buffers.ALLOCATOR.directBuffer(100);
        assertThat(Buffers.activeAllocations()).as("active allocations while one buffer is held").isEqualTo(before + 1);
        held.release();
        assertThat(Buffers.activeAllocations()).as("active allocations once it is released").isEqualTo(before);
    }

    /**
     * A heap buffer of a throwaway pooled allocator (tracked by the same detector as the transport's;
     * heap, so the collector reclaims its memory, and not the transport's allocator, whose count must
     * stay exact), touched with the marker, then dropped.
     */
    private static void leak(String marker) {
        ByteBuf b = new PooledByteBufAllocator(false, 1, 0, 8192, 9, 0, 0, false).heapBuffer(32);
        b.writeInt(42);
        b.touch(marker);
    }
}
