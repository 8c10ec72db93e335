package dev.salvo.transport.okhttp;

import dev.salvo.spi.Capability;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A transport that forwards everything to another (the real OkHttp one); each of {@link BrokenTransports} overrides what it breaks. */
class ForwardingTransport implements Transport {
    final Transport delegate;

    ForwardingTransport(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
        return delegate.exchange(request);
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

