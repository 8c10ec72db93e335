package dev.salvo.transport.netty;

import dev.salvo.Headers;
import dev.salvo.SalvoException;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.WireRules;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Iterator;
import java.util.Map;

/**
 * A response head (interim or final) as the exchange uses it: status, reason phrase, headers copied
 * once into core's {@link Headers} (which validates them), whether the connection may be kept, and
 * the declared Content-Length (-1 when absent). Only a head that passed {@link WireRules#checkHead}
 * is ever made.
 */
record ResponseHead(int status, String reason, Headers headers, boolean keepAlive, long contentLength) {

    /**
     * @param reuse false when the request itself said {@code Connection: close}
     * @throws SalvoException PROTOCOL for a head the codec failed on (a malformed status line or
     *     header, a head over the limits, conflicting framing), a header field core refuses, or a
     *     head that breaks {@link WireRules}; the caller closes the connection
     */
    static ResponseHead of(HttpResponse r, boolean reuse, TransportRequest request) {
        if (r.decoderResult().isFailure()) {
            throw WireRules.protocol(request, "malformed response head: " + r.decoderResult().cause());
        }
        Headers.Builder b = Headers.builder();
        try {
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = r.headers().iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> e = it.next();
                b.add(e.getKey().toString(), e.getValue().toString());
            }
        } catch (IllegalArgumentException e) {
            throw WireRules.invalidField(request, e);
        }
        Headers headers = b.build();
        int status = r.status().code();
        SalvoException problem = WireRules.checkHead(request, status, headers);
        if (problem != null) {
            throw problem;
        }
        // after a 101 the connection no longer speaks HTTP/1.1 to us: never pooled
        boolean keepAlive = reuse && status != 101 && HttpUtil.isKeepAlive(r);
        return new ResponseHead(status, r.status().reasonPhrase(), headers, keepAlive, WireRules.declaredLength(headers));
    }
}
