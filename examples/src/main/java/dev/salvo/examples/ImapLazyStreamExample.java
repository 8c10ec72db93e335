package dev.salvo.examples;

import dev.salvo.Batch;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.testserver.TestServer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * grequests' {@code imap} over a lazy stream: requests are made at most a batch size ahead of
 * those in flight, so the input may be millions long (or endless) and memory stays bounded. Responses come in completion
 * order. Run: {@code java dev.salvo.examples.ImapLazyStreamExample [BASE_URL]}.
 */
public final class ImapLazyStreamExample {
    private ImapLazyStreamExample() {
    }

    /** Sends {@code count} requests made on demand, 8 in flight; returns the body bytes received. */
    public static long totalBytes(Salvo salvo, String baseUrl, long count) {
        Stream<Request> lazy = LongStream.range(0, count)
                .mapToObj(i -> Request.get(baseUrl + "/bytes/100?seed=" + i));   // built when pulled

        // Always close the result: closing early cancels what is still in flight.
        try (Stream<Response> done = salvo.imap(lazy, Batch.size(8))) {
            return done.mapToLong(r -> r.body().length).sum();                  // failures are skipped
        }
    }

    public static void main(String[] args) {
        try (TestServer server = args.length == 0 ? TestServer.start() : null;
             Salvo salvo = Salvo.create()) {
            String base = args.length > 0 ? args[0] : server.httpUrl().toString();
            System.out.println(totalBytes(salvo, base, 1_000) + " bytes");
        }
    }
}
