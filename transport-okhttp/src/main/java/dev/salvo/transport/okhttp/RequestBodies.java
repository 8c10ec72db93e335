package dev.salvo.transport.okhttp;

import dev.salvo.Body;
import dev.salvo.spi.RequestBodyStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Request bodies as OkHttp {@link RequestBody}s, never loaded whole unless they already are.
 *
 * <ul>
 *   <li>In memory: sent from the array as it is, with Content-Length.
 *   <li>Known length (a file, a sized multipart): streamed with Content-Length.
 *   <li>Unknown length: streamed chunked.
 * </ul>
 *
 * <p>No media type is given to OkHttp: the Content-Type core put in the headers is sent as it is.
 * The body's stream is opened and read on the dispatcher thread writing the request, once per
 * send. Failing to open or read it, or a stream whose length differs from the declared one, is
 * recorded on the exchange, which then fails with {@code REQUEST_BODY}.
 */
final class RequestBodies {
    private static final int BUFFER = 8192;

    private RequestBodies() {
    }

    /**
     * The OkHttp body for {@code method}: none for GET and HEAD without content (OkHttp refuses a
     * body there), an empty one where OkHttp requires a body (POST, PUT, PATCH, ...).
     */
    static RequestBody of(String method, Body body, OkHttpExchange exchange) {
        boolean mayHaveBody = !method.equals("GET") && !method.equals("HEAD");
        if (body == null || (!mayHaveBody && isEmpty(body))) {
            return requiresBody(method) ? RequestBody.create(new byte[0], (MediaType) null) : null;
        }
        Optional<byte[]> bytes = body.inMemory();
        if (bytes.isPresent()) {
            return RequestBody.create(bytes.get(), (MediaType) null);
        }
        return new Streamed(body, body.contentLength(), exchange);
    }

    private static boolean isEmpty(Body body) {
        return body.inMemory().map(b -> b.length == 0).orElse(body.contentLength() == 0);
    }

    private static boolean requiresBody(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "PROPPATCH", "REPORT" -> true;
            default -> false;
        };
    }

    /** A body read from its stream while OkHttp writes it. */
    private static final class Streamed extends RequestBody {
        private final Body body;
        private final long length;
        private final OkHttpExchange exchange;

        Streamed(Body body, long length, OkHttpExchange exchange) {
            this.body = body;
            this.length = length;
            this.exchange = exchange;
        }

        @Override
        public MediaType contentType() {
            return null;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public boolean isOneShot() {
            return body instanceof Body.StreamBody;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            try (InputStream in = RequestBodyStream.open(body, length, exchange::requestBodyFailed)) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    sink.write(buf, 0, n);
                }
            }
        }
    }
}
