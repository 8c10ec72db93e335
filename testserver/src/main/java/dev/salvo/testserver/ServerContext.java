package dev.salvo.testserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** State shared by all connections of one {@link TestServer}. */
final class ServerContext {

    /** Largest request body that is aggregated in memory (64 MiB). */
    static final int MAX_AGGREGATED_BODY = 64 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stats stats = new Stats();
    private final AtomicLong connectionIds = new AtomicLong();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

    Stats stats() {
        return stats;
    }

    ObjectMapper json() {
        return JSON;
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    Set<Channel> channels() {
        return channels;
    }
}
