package dev.salvo.transport.jdk;

import dev.salvo.spi.Capability;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Deliberately broken transports over the JDK transport, for proving that the conformance kit
 * rejects them: one silently caps concurrency like OkHttp's default dispatcher, one never
 * releases a connection.
 */
final class BrokenTransports {
    private BrokenTransports() {
    }

    /** Runs at most {@code cap} exchanges at once and queues the rest, saying nothing. */
    static TransportProvider cappedAt(int cap) {
        return provider("capped-" + cap, config -> new Capped(new JdkTransportProvider().create(config), cap));
    }

    /**
     * Makes a fresh JDK transport for every exchange and never closes any of them, so every request
     * opens a socket (and threads) that stay open, while claiming {@link Capability#RELEASE_ON_CLOSE}
     * (so the kit holds it to that). The leaked transports are kept in {@code leaked} so a test can
     * clean up after proving the point.
     */
    static TransportProvider leaky(List<Transport> leaked) {
        return provider("leaky", config -> new Transport() {
            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                Transport fresh = new JdkTransportProvider().create(config);
                leaked.add(fresh);
                return fresh.exchange(request);
            }

            @Override
            public Set<Capability> capabilities() {
                return Set.of(Capability.RELEASE_ON_CLOSE); // the claim the kit must catch
            }

            @Override
            public void close() {
                // the bug: nothing is released
            }
        });
    }

    static List<Transport> newLeakList() {
        return new CopyOnWriteArrayList<>();
    }

    private static TransportProvider provider(String name, java.util.function.Function<TransportConfig, Transport> make) {
        return new TransportProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Transport create(TransportConfig config) {
                return make.apply(config);
            }
        };
    }

    private static final class Capped implements Transport {
        private final Transport delegate;
        private final int cap;
        private final Queue<Runnable> waiting = new ArrayDeque<>();
        private int running;

        Capped(Transport delegate, int cap) {
            this.delegate = delegate;
            this.cap = cap;
        }

        @Override
        public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
            CompletableFuture<TransportResponse> result = new CompletableFuture<>();
            Runnable start = () -> {
                CompletableFuture<TransportResponse> inner = delegate.exchange(request);
                result.whenComplete((r, e) -> inner.cancel(true));
                inner.whenComplete((r, e) -> {
                    finished();
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(r);
                    }
                });
            };
            boolean now;
            synchronized (this) {
                now = running < cap;
                if (now) {
                    running++;
                } else {
                    waiting.add(start);
                }
            }
            if (now) {
                start.run();
            }
            return result;
        }

        private void finished() {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    running--;
                }
            }
            if (next != null) {
                next.run();
            }
        }

        @Override
        public Set<Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
