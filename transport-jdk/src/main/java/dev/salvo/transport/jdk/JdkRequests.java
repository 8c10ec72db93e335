package dev.salvo.transport.jdk;

import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.WireRules;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link TransportRequest} as the JDK client's {@link HttpRequest}.
 *
 * <p>Headers the transport does not pass on:
 * <ul>
 *   <li>the framing and hop-by-hop fields every transport writes itself ({@link WireRules#isFraming});
 *   <li>what the JDK client restricts and writes itself: {@code Connection} and {@code Host} (derived
 *       from the URI; core refuses a user-set Host on a transport without
 *       {@link dev.salvo.spi.Capability#HOST_OVERRIDE}, so one reaches this point only through the SPI);
 *   <li>{@code Expect}: {@code 100-continue} becomes {@link HttpRequest.Builder#expectContinue} when
 *       there is a body; any other value is dropped.
 * </ul>
 *
 * <p>No {@link HttpRequest.Builder#timeout} is set: the JDK client would count the time spent
 * connecting against it (and report it as a connect timeout). The exchange's watchdog does the
 * read timeout instead, from the moment the request head is written (see {@link RequestBodies}).
 */
final class JdkRequests {
    /** Restricted by the JDK client, which writes these itself. */
    private static final Set<String> STACK_WRITES = Set.of("connection", "host");

    private JdkRequests() {
    }

    /**
     * Builds the request. Throws {@link UncheckedIOException} when the body's length cannot be
     * read, and IllegalArgumentException or IllegalStateException when the JDK client refuses it.
     */
    static HttpRequest build(TransportRequest request, JdkExchange exchange) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri());
        boolean expectContinue = false;
        for (Map.Entry<String, List<String>> field : request.headers().toMap().entrySet()) {
            String name = field.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (WireRules.isFraming(name) || STACK_WRITES.contains(lower)) {
                continue;
            }
            if (lower.equals("expect")) {
                expectContinue = field.getValue().stream().anyMatch(v -> v.trim().equalsIgnoreCase("100-continue"));
                continue;
            }
            for (String value : field.getValue()) {
                b.header(name, value);
            }
        }
        b.method(request.method(), RequestBodies.publisher(request.body(), exchange));
        if (request.body() != null) {
            b.expectContinue(expectContinue);
        }
        return b.build();
    }
}
