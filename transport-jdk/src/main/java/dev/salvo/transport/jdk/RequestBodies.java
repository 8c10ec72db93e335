package dev.salvo.transport.jdk;

import dev.salvo.Body;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * Request bodies as JDK {@link BodyPublisher}s, never loaded whole unless they already are.
 *
 * <ul>
 *   <li>None: {@link BodyPublishers#noBody()}, sent with {@code Content-Length: 0}.
 *   <li>In memory: {@link BodyPublishers#ofByteArray}, sent with Content-Length, not copied.
 *   <li>Known length (a file, a sized multipart): {@link BodyPublishers#ofInputStream} read in
 *       buffer-sized pieces, wrapped by {@link BodyPublishers#fromPublisher(Flow.Publisher, long)} so
 *       that it is sent with Content-Length.
 *   <li>Unknown length: {@link BodyPublishers#ofInputStream}, sent chunked.
 * </ul>
 *
 * <p>The stream is opened by the JDK client when it starts sending the body. A failure to open or
 * read it is recorded on the exchange (which then fails with {@code REQUEST_BODY}) and handed to
 * the client as a read error. Every piece the client takes counts as progress for the read-timeout
 * watchdog, so a slow but moving upload never times out.
 *
 * <p>Every request gets a publisher, a request without a body too: the JDK client asks a publisher
 * for its {@link BodyPublisher#contentLength()} when it writes the request head, once it has a
 * connection (never while connecting), and that call is the only sign it gives that connecting is
 * over. The exchange starts its read timeout there. The price is a {@code Content-Length: 0} line
 * on a GET or DELETE without a body, which JDK 17.0.15 and earlier send on every GET anyway (later
 * updates do not): with the publisher, the wire is the same on every JDK.
 */
final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * The publisher for {@code body} (null for none); throws {@link UncheckedIOException} when its
     * length cannot be read.
     */
    static BodyPublisher publisher(Body body, JdkExchange exchange) {
        if (body == null) {
            return new Observed(BodyPublishers.noBody(), exchange);
        }
        Optional<byte[]> bytes = body.inMemory();
        BodyPublisher inner;
        if (bytes.isPresent()) {
            inner = bytes.get().length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(bytes.get());
        } else {
            long length = body.contentLength();
            BodyPublisher stream = BodyPublishers.ofInputStream(() -> exchange.openRequestStream(body));
            if (length == 0) {
                inner = BodyPublishers.noBody();
            } else if (length > 0) {
                inner = BodyPublishers.fromPublisher(stream, length);
            } else {
                inner = stream;
            }
        }
        return new Observed(inner, exchange);
    }

    /** Passes the delegate's pieces on, telling the exchange about each, and when the request head is written. */
    private record Observed(BodyPublisher delegate, JdkExchange exchange) implements BodyPublisher {
        @Override
        public long contentLength() {
            exchange.connected();
            return delegate.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            delegate.subscribe(new Flow.Subscriber<ByteBuffer>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    exchange.touch();
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    subscriber.onError(throwable);
                }

                @Override
                public void onComplete() {
                    exchange.touch();
                    subscriber.onComplete();
                }
            });
        }
    }

    /** Stands in for a body that could not be opened: its first read fails with the recorded error. */
    static final class Failing extends InputStream {
        private final IOException error;

        Failing(IOException error) {
            this.error = error;
        }

        @Override
        public int read() throws IOException {
            throw error;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            throw error;
        }
    }
}
