package dev.salvo.transport.netty;

import dev.salvo.Headers;
import dev.salvo.SalvoException;
import dev.salvo.spi.TransportRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Iterator;
import java.util.Map;

/**
 * A final response head as the exchange uses it: status, reason phrase, headers copied once into
 * core's {@link Headers} (which validates them), whether the connection may be kept, and the
 * Content-Length (-1 when absent).
 */
record ResponseHead(int status, String reason, Headers headers, boolean keepAlive, long contentLength) {

    /**
     * @param reuse false when the request itself said {@code Connection: close}
     * @throws SalvoException PROTOCOL for a head the codec could not parse or a header core refuses
     */
    static ResponseHead of(HttpResponse r, boolean reuse, TransportRequest request) {
        if (r.decoderResult().isFailure()) {
            throw NettyFailures.protocol(request, "malformed response head: " + r.decoderResult().cause());
        }
        Headers.Builder b = Headers.builder();
        try {
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = r.headers().iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> e = it.next();
                b.add(e.getKey().toString(), e.getValue().toString());
            }
        } catch (IllegalArgumentException e) {
            throw NettyFailures.protocol(request, "malformed response header: " + e.getMessage());
        }
        return new ResponseHead(r.status().code(), r.status().reasonPhrase(), b.build(), reuse && HttpUtil.isKeepAlive(r),
                HttpUtil.getContentLength(r, -1L));
    }
}
