package dev.salvo.examples;

import dev.salvo.Batch;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Salvo;
import dev.salvo.testserver.TestServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code imapEnumerated}: every request's {@link Outcome} with its input index, in completion
 * order, failures included (nothing is dropped). Run: {@code java dev.salvo.examples.ImapEnumeratedExample [BASE_URL]}.
 */
public final class ImapEnumeratedExample {
    private ImapEnumeratedExample() {
    }

    /** Describes each request by index: "status 200", "status 404", or the failure's type. */
    public static Map<Long, String> describe(Salvo salvo, String baseUrl) {
        List<Request> requests = List.of(
                Request.get(baseUrl + "/get"),
                Request.get(baseUrl + "/status/404"),        // a status is a response, not a failure
                Request.get("http://127.0.0.1:1/"));         // nothing listens on port 1: a failure

        Map<Long, String> byIndex = new TreeMap<>();
        try (Stream<Outcome> outcomes = salvo.imapEnumerated(requests, Batch.size(3))) {
            outcomes.forEach(o -> {
                if (o instanceof Outcome.Success s) {
                    byIndex.put(o.index(), "status " + s.response().status());
                } else if (o instanceof Outcome.Failure f) {
                    byIndex.put(o.index(), f.error().type().name());   // e.g. CONNECT_REFUSED, the same on every transport
                }
            });
        }
        return byIndex;
    }

    public static void main(String[] args) {
        try (TestServer server = args.length == 0 ? TestServer.start() : null;
             Salvo salvo = Salvo.create()) {
            String base = args.length > 0 ? args[0] : server.httpUrl().toString();
            describe(salvo, base).forEach((i, what) -> System.out.println(i + ": " + what));
        }
    }
}
