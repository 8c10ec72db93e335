package dev.salvo.bench;

import dev.salvo.Batch;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Salvo;
import java.net.URI;
import java.util.stream.Stream;

/**
 * Salvo over one transport, as a user writes it: {@code imapEnumerated} over a lazy stream of
 * requests with {@code Batch.size(concurrency)}. Nothing is built ahead, so the same load serves
 * W3's million requests under a small heap.
 */
final class SalvoLoad implements Load {
    private final Salvo salvo;

    SalvoLoad(String transport) {
        salvo = Salvo.builder().transport(transport).build();
    }

    @Override
    public void run(URI uri, long n, int concurrency, Tally tally) {
        String url = uri.toString();
        Stream<Request> requests = Stream.generate(() -> Request.get(url)).limit(n);
        try (Stream<Outcome> outcomes = salvo.imapEnumerated(requests, Batch.size(concurrency))) {
            outcomes.forEach(o -> {
                if (o instanceof Outcome.Success s && s.response().status() == 200) {
                    tally.okAfter(s.response().elapsed().toNanos(), s.response().body().length);
                } else {
                    tally.failed();
                }
            });
        }
    }

    @Override
    public void close() {
        salvo.close();
    }
}
