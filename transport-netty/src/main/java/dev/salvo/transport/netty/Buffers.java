package dev.salvo.transport.netty;

import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;

/**
 * The buffer allocator of every Netty transport in this JVM, apart from Netty's default one (which a
 * Netty server in the same JVM may use), so that its metrics count this module's buffers alone.
 *
 * <p>One instance per JVM rather than one per transport: a pooled allocator keeps its chunks for
 * its whole life, and direct chunks are freed only when the allocator frees them, so an allocator per
 * short-lived transport would strand native memory. Thread caches live only on the event-loop
 * threads ({@code useCacheForAllThreads = false}); they are freed when a transport's loops end, so
 * once every transport is closed {@link #activeAllocations()} is back to zero unless a buffer leaked.
 */
final class Buffers {
    static final PooledByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(
            PlatformDependent.directBufferPreferred(),
            PooledByteBufAllocator.defaultNumHeapArena(),
            PooledByteBufAllocator.defaultNumDirectArena(),
            PooledByteBufAllocator.defaultPageSize(),
            PooledByteBufAllocator.defaultMaxOrder(),
            PooledByteBufAllocator.defaultSmallCacheSize(),
            PooledByteBufAllocator.defaultNormalCacheSize(),
            false);

    private Buffers() {
    }

    /** Buffers allocated from {@link #ALLOCATOR} and not yet released (thread caches included until their thread ends). */
    static long activeAllocations() {
        long n = 0;
        for (PoolArenaMetric a : ALLOCATOR.metric().directArenas()) {
            n += a.numActiveAllocations();
        }
        for (PoolArenaMetric a : ALLOCATOR.metric().heapArenas()) {
            n += a.numActiveAllocations();
        }
        return n;
    }
}
