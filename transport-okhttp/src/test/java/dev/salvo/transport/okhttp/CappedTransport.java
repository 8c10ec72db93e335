package dev.salvo.transport.okhttp;

import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * A transport broken on purpose (see {@link BrokenTransports#cappedAt}): it runs at most {@code cap}
 * exchanges of the real one at once and queues the rest, saying nothing, as OkHttp's default
 * dispatcher does with 5 per host.
 */
final class CappedTransport extends ForwardingTransport {
    private final int cap;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    CappedTransport(Transport delegate, int cap) {
        super(delegate);
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

    /** One exchange ended: the next queued one takes its place, or one place is freed. */
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
}
