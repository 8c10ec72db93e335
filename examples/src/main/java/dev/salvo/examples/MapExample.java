package dev.salvo.examples;

import dev.salvo.Batch;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.testserver.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * grequests' {@code map}: a list of requests in, a list of responses out, in the same order.
 * Run: {@code java dev.salvo.examples.MapExample [BASE_URL]} (no URL: an embedded test server).
 */
public final class MapExample {
    private MapExample() {
    }

    /** Fetches /get?i=0..count-1 and returns, for each, the "i" the server saw (null for a failure). */
    public static List<String> fetch(Salvo salvo, String baseUrl, int count) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(Request.get(baseUrl + "/get?i=" + i));       // a value: nothing is sent yet
        }
        // At most 16 in flight; give up on what is unfinished after 30 s.
        List<Response> responses = salvo.map(requests, Batch.size(16).deadline(Duration.ofSeconds(30)));

        List<String> seen = new ArrayList<>();
        for (Response r : responses) {                               // same order as requests
            seen.add(r == null ? null : Echo.arg(r.text(), "i"));      // a failure is null, like grequests
        }
        return seen;
    }

    public static void main(String[] args) {
        try (TestServer server = args.length == 0 ? TestServer.start() : null;
             Salvo salvo = Salvo.create()) {                           // the transport on the classpath
            String base = args.length > 0 ? args[0] : server.httpUrl().toString();
            System.out.println(fetch(salvo, base, 20));
        }
    }
}
