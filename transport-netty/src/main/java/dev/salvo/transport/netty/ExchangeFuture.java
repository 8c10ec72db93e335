package dev.salvo.transport.netty;

import dev.salvo.spi.TransportResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The future {@link NettyTransport#exchange} hands out: cancelling it aborts the exchange and frees
 * its connection. However it completes (a response, a failure, a cancellation), the exchange lets go
 * of its origin's pool then, once ({@link Exchange#ended}).
 */
final class ExchangeFuture extends CompletableFuture<TransportResponse> {
    private final Exchange exchange;

    ExchangeFuture(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public boolean complete(TransportResponse value) {
        return endedIf(super.complete(value));
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        return endedIf(super.completeExceptionally(ex));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            exchange.cancelled();
        }
        return endedIf(cancelled);
    }

    /** Lets the exchange go of its pool if this call {@code completed} the future (only one call can). */
    private boolean endedIf(boolean completed) {
        if (completed) {
            exchange.ended();
        }
        return completed;
    }

    /** Dependent stages are plain futures: cancelling one of them must not abort this exchange. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
