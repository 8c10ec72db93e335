package dev.salvo.transport.netty;

import dev.salvo.spi.TransportResponse;
import java.util.concurrent.CompletableFuture;

/** The future {@link NettyTransport#exchange} hands out: cancelling it aborts the exchange and frees its connection. */
final class ExchangeFuture extends CompletableFuture<TransportResponse> {
    private final Exchange exchange;

    ExchangeFuture(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            exchange.cancelled();
        }
        return cancelled;
    }

    /** Dependent stages are plain futures: cancelling one of them must not abort this exchange. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
