package dev.salvo.transport.jdk;

import dev.salvo.Headers;
import dev.salvo.SalvoException;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.WireRules;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/** The JDK client's response heads as core's {@link Headers}, and the checks a head passes before it is used. */
final class ResponseHeads {
    private ResponseHeads() {
    }

    /** The fields of {@code jdk} (HTTP/2 pseudo-headers left out); throws IllegalArgumentException for a field core refuses. */
    static Headers convert(HttpHeaders jdk) {
        Headers.Builder b = Headers.builder();
        for (Map.Entry<String, List<String>> field : jdk.map().entrySet()) {
            String name = field.getKey();
            if (name.startsWith(":")) {
                continue;
            }
            for (String value : field.getValue()) {
                b.add(name, value);
            }
        }
        return b.build();
    }

    /**
     * The problem with a head, or null: {@link WireRules#checkHead}, then a Content-Length the
     * rules accept but the JDK client cannot parse (a list of identical lengths, {@code 5, 5}). The
     * client would throw on that one as it starts reading the body, after the transport's body
     * handler, and leave the connection open; refused in the handler, the connection is closed.
     */
    static SalvoException check(TransportRequest request, int status, Headers headers) {
        SalvoException problem = WireRules.checkHead(request, status, headers);
        if (problem != null) {
            return problem;
        }
        String length = headers.firstOrNull("Content-Length");
        if (length == null) {
            return null;
        }
        try {
            Long.parseLong(length);
            return null;
        } catch (NumberFormatException e) {
            return WireRules.protocol(request, "the JDK client cannot read the response's Content-Length '" + length
                    + "'");
        }
    }
}
