package dev.salvo.bench.jmh;

import dev.salvo.Headers;
import dev.salvo.spi.Capability;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A transport with no network: every exchange completes at once, on the caller's thread, with the
 * same small 200 response. What remains of a request's cost is core's own.
 */
final class InMemoryTransport implements Transport {
    private static final TransportResponse OK = TransportResponse.buffered(200, "OK",
            Headers.of("Content-Type", "text/plain", "Content-Length", "13"),
            "hello, salvo\n".getBytes(StandardCharsets.US_ASCII));

    static final TransportProvider PROVIDER = new TransportProvider() {
        @Override
        public String name() {
            return "in-memory";
        }

        @Override
        public Transport create(TransportConfig config) {
            return new InMemoryTransport();
        }
    };

    @Override
    public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
        return CompletableFuture.completedFuture(OK);
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public void close() {
        // nothing to end
    }
}
