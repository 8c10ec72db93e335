package dev.salvo.transport.okhttp;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.spi.Capability;
import dev.salvo.spi.Failures;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Transports broken on purpose, each a wrapper around the real OkHttp transport with one fault a
 * real stack could have, for proving that the conformance kit rejects them (see
 * {@link KitRejectsBrokenTransportsTest}).
 */
final class BrokenTransports {
    private BrokenTransports() {
    }

    /** Runs at most {@code cap} exchanges at once and queues the rest, saying nothing (OkHttp's default dispatcher). */
    static TransportProvider cappedAt(int cap) {
        return provider("capped-" + cap, config -> new CappedTransport(real(config), cap));
    }

    /**
     * Makes a fresh OkHttp transport for every exchange and never closes any of them, so every request
     * opens a socket (and threads) that stay open, while claiming {@link Capability#RELEASE_ON_CLOSE}
     * (so the kit holds it to that). The leaked transports are kept in {@code leaked} for the test to close.
     */
    static TransportProvider leaky(List<Transport> leaked) {
        return provider("leaky", config -> new ForwardingTransport(real(config)) {
            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                Transport fresh = real(config);
                leaked.add(fresh);
                return fresh.exchange(request);
            }

            @Override
            public Set<Capability> capabilities() {
                return Set.of(Capability.RELEASE_ON_CLOSE); // the claim the kit must catch
            }
        });
    }

    /**
     * Leaks once: the very first exchange of all the provider's transports goes through a transport
     * of its own (kept in {@code leaked}) that is never closed; everything else is the real transport.
     */
    static TransportProvider leaksItsFirstExchange(List<Transport> leaked) {
        AtomicBoolean first = new AtomicBoolean(true);
        return provider("leaks-once", config -> new ForwardingTransport(real(config)) {
            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                if (first.compareAndSet(true, false)) {
                    Transport own = real(config);
                    leaked.add(own);
                    return own.exchange(request);
                }
                return super.exchange(request);
            }
        });
    }

    /** Decompresses gzip bodies itself and drops the Content-Encoding, as a stack's transparent gzip does. */
    static TransportProvider decompressing() {
        return provider("decompressing", config -> new ForwardingTransport(real(config)) {
            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                return super.exchange(request).thenApply(BrokenTransports::gunzip);
            }
        });
    }

    /** Follows redirects itself (GET for 301 to 303, as a stack does), up to 10 hops, returning only the last response. */
    static TransportProvider followingRedirects() {
        return provider("following-redirects", config -> new ForwardingTransport(real(config)) {
            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                return follow(this, request, 10);
            }
        });
    }

    /** Reports a connection reset as a generic {@link ErrorType#IO} failure. */
    static TransportProvider resetAsGenericIo() {
        return provider("reset-as-io", config -> new ForwardingTransport(real(config)) {
            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                return super.exchange(request).exceptionallyCompose(e -> {
                    SalvoException s = Failures.classify(e, request, Failures.Phase.AWAIT_HEAD);
                    return CompletableFuture.failedFuture(s.type() == ErrorType.CONNECTION_RESET
                            ? new SalvoException(ErrorType.IO, "I/O error", s.getCause()) : s);
                });
            }
        });
    }

    /** Returns a future of its own whose cancellation does not reach the exchange: the connection stays busy. */
    static TransportProvider cancelKeepsTheConnection() {
        return provider("cancel-ignored", config -> new ForwardingTransport(real(config)) {
            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                CompletableFuture<TransportResponse> own = new CompletableFuture<>();
                super.exchange(request).whenComplete((r, e) -> {
                    if (e != null) {
                        own.completeExceptionally(e);
                    } else {
                        own.complete(r);
                    }
                });
                return own;
            }
        });
    }

    /** After close(), the next exchange quietly makes a new OkHttp transport and goes through it. */
    static TransportProvider reopensAfterClose() {
        return provider("reopens-after-close", config -> new Transport() {
            private Transport current = real(config);
            private final Set<Capability> capabilities = current.capabilities();

            @Override
            public synchronized CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                if (current == null) {
                    current = real(config); // the bug: a closed transport takes new work
                }
                return current.exchange(request);
            }

            @Override
            public Set<Capability> capabilities() {
                return capabilities;
            }

            @Override
            public synchronized void close() {
                if (current != null) {
                    current.close();
                    current = null;
                }
            }
        });
    }

    /** Waits for the response inside exchange(), as a naive adapter of a blocking stack would. */
    static TransportProvider blockingTheCaller() {
        return provider("blocking", config -> new ForwardingTransport(real(config)) {
            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                return CompletableFuture.completedFuture(super.exchange(request).join()); // the bug: join()
            }
        });
    }

    /** Throws from exchange() once closed instead of failing the future with CLIENT_CLOSED. */
    static TransportProvider throwingWhenClosed() {
        return provider("throwing-when-closed", config -> new ForwardingTransport(real(config)) {
            private volatile boolean closed;

            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                if (closed) {
                    throw new IllegalStateException("transport closed");
                }
                return super.exchange(request);
            }

            @Override
            public void close() {
                closed = true;
                super.close();
            }
        });
    }

    /** Ignores close() of a response stream: a stream left before its end keeps its connection busy. */
    static TransportProvider ignoringStreamClose() {
        return provider("stream-close-ignored", config -> new ForwardingTransport(real(config)) {
            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                return super.exchange(request).thenApply(r -> !r.isStreaming() ? r
                        : TransportResponse.streaming(r.status(), r.reason(), r.headers(), new FilterInputStream(r.stream()) {
                            @Override
                            public void close() {
                                // the bug: the stack's stream is never closed
                            }
                        }));
            }
        });
    }

    /** Throws the stack's bare IOException while a stream is read, without the SalvoException naming the fault. */
    static TransportProvider untypedStreamErrors() {
        return provider("untyped-stream-errors", config -> new ForwardingTransport(real(config)) {
            @Override
            public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
                return super.exchange(request).thenApply(r -> !r.isStreaming() ? r
                        : TransportResponse.streaming(r.status(), r.reason(), r.headers(), new FilterInputStream(r.stream()) {
                            @Override
                            public int read(byte[] b, int off, int len) throws IOException {
                                try {
                                    return super.read(b, off, len);
                                } catch (IOException e) {
                                    throw new IOException(e.getMessage()); // the bug: the cause is dropped
                                }
                            }
                        }));
            }
        });
    }

    static Transport real(TransportConfig config) {
        return new OkHttpTransportProvider().create(config);
    }

    private static CompletableFuture<TransportResponse> follow(ForwardingTransport t, TransportRequest request, int hops) {
        return t.delegate.exchange(request).thenCompose(r -> {
            String location = r.headers().firstOrNull("Location");
            if (hops == 0 || r.status() < 300 || r.status() > 308 || location == null) {
                return CompletableFuture.completedFuture(r);
            }
            boolean toGet = r.status() <= 303;
            TransportRequest next = new TransportRequest(toGet ? "GET" : request.method(), request.uri().resolve(URI.create(
                    location)), request.headers(), toGet ? null : request.body(), request.connectTimeout(),
                    request.readTimeout(), request.streamResponse(), request.maxResponseBytes());
            return follow(t, next, hops - 1);
        });
    }

    private static TransportResponse gunzip(TransportResponse r) {
        if (r.isStreaming() || !"gzip".equalsIgnoreCase(r.headers().firstOrNull("Content-Encoding")) || r.body().length == 0) {
            return r;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            return TransportResponse.buffered(r.status(), r.reason(),
                    r.headers().without("Content-Encoding").without("Content-Length"), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TransportProvider provider(String name, Function<TransportConfig, Transport> make) {
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
}
