package dev.salvo;

import dev.salvo.spi.Capability;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted transport for core's unit tests. Completions happen on its own "fake-io" thread so
 * tests can prove user code never runs there. Paths:
 * {@code /ok} (200, body = path+query), {@code /status/N}, {@code /delay/MS}, {@code /hang} (never
 * completes), {@code /refused} (CONNECT_REFUSED), {@code /redirect?to=URL&code=N},
 * {@code /set-cookie?c=name=value}, {@code /echo-headers} (body = request headers),
 * {@code /flaky/KEY?fail=K&status=N&retry-after=V} (the first K requests of KEY get status N, or
 * connect refused for {@code status=refused}, with an optional Retry-After; later ones 200 with
 * body "attempt A"), {@code /error} (the future completes with an {@link OutOfMemoryError}),
 * {@code /throw-error} ({@code exchange} itself throws a {@link StackOverflowError}). A test adds
 * its own paths to {@link #answers}. Every exchange's arrival time is kept in {@link #arrivals}.
 */
final class FakeTransport implements Transport {
    final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "fake-io"));
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();
    final List<TransportRequest> received = new CopyOnWriteArrayList<>();
    final List<Long> arrivals = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> flaky = new ConcurrentHashMap<>();
    /** Responses for paths a test scripts itself, made on the fake-io thread. */
    final Map<String, Function<TransportRequest, TransportResponse>> answers = new ConcurrentHashMap<>();
    /** What the transport declares; set before the client is built. */
    volatile Set<Capability> capabilities = Set.of(Capability.REASON_PHRASE);
    volatile boolean closed;

    static TransportProvider provider(FakeTransport t) {
        return new TransportProvider() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public Transport create(TransportConfig config) {
                return t;
            }
        };
    }

    @Override
    public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
        received.add(request);
        arrivals.add(System.nanoTime());
        int now = inFlight.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        CompletableFuture<TransportResponse> f = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterrupt) {
                boolean c = super.cancel(mayInterrupt);
                if (c) {
                    cancelled.incrementAndGet();
                    inFlight.decrementAndGet();
                }
                return c;
            }
        };
        String path = request.uri().getPath();
        String query = request.uri().getRawQuery() == null ? "" : request.uri().getRawQuery();
        if (path.startsWith("/hang")) {
            return f;
        }
        if (path.equals("/throw-error")) {
            inFlight.decrementAndGet();
            throw new StackOverflowError("simulated: the transport's exchange() itself failed");
        }
        Function<TransportRequest, TransportResponse> answer = answers.get(path);
        if (answer != null) {
            io.execute(() -> {
                inFlight.decrementAndGet();
                try {
                    f.complete(answer.apply(request));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
            return f;
        }
        if (path.startsWith("/flaky/")) {
            int attempt = flaky.computeIfAbsent(path.substring(7), k -> new AtomicInteger()).incrementAndGet();
            io.execute(() -> {
                inFlight.decrementAndGet();
                flakyResponse(attempt, query, f);
            });
            return f;
        }
        long delay = path.startsWith("/delay/") ? Long.parseLong(path.substring(7)) : 1;
        io.schedule(() -> {
            if (!f.isDone()) {
                // Like a server that counts a request done once it has answered, before the client sees it.
                inFlight.decrementAndGet();
                respond(request, path, query, f);
            }
        }, delay, TimeUnit.MILLISECONDS);
        return f;
    }

    private static void respond(TransportRequest request, String path, String query, CompletableFuture<TransportResponse> f) {
        if (path.equals("/error")) {
            f.completeExceptionally(new OutOfMemoryError("simulated: the transport ran out of memory"));
            return;
        }
        if (path.startsWith("/refused")) {
            f.completeExceptionally(new java.net.ConnectException("Connection refused"));
            return;
        }
        if (path.startsWith("/status/")) {
            f.complete(TransportResponse.buffered(Integer.parseInt(path.substring(8)), null, Headers.empty(), new byte[0]));
            return;
        }
        if (path.startsWith("/redirect")) {
            String to = param(query, "to");
            int code = Integer.parseInt(param(query, "code") == null ? "302" : param(query, "code"));
            f.complete(TransportResponse.buffered(code, null, Headers.of("Location", to), new byte[0]));
            return;
        }
        if (path.startsWith("/set-cookie")) {
            f.complete(TransportResponse.buffered(200, "OK", Headers.of("Set-Cookie", param(query, "c")), new byte[0]));
            return;
        }
        if (path.startsWith("/echo-headers")) {
            StringBuilder sb = new StringBuilder();
            request.headers().forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
            f.complete(TransportResponse.buffered(200, "OK", Headers.empty(), sb.toString().getBytes(StandardCharsets.UTF_8)));
            return;
        }
        String body = request.method() + " " + path + (query.isEmpty() ? "" : "?" + query);
        f.complete(TransportResponse.buffered(200, "OK", Headers.of("Content-Type", "text/plain"),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void flakyResponse(int attempt, String query, CompletableFuture<TransportResponse> f) {
        int fail = Integer.parseInt(param(query, "fail"));
        if (attempt > fail) {
            f.complete(TransportResponse.buffered(200, "OK", Headers.empty(),
                    ("attempt " + attempt).getBytes(StandardCharsets.UTF_8)));
        } else if ("refused".equals(param(query, "status"))) {
            f.completeExceptionally(new java.net.ConnectException("Connection refused"));
        } else {
            String retryAfter = param(query, "retry-after");
            Headers h = retryAfter == null ? Headers.empty() : Headers.of("Retry-After", retryAfter);
            f.complete(TransportResponse.buffered(Integer.parseInt(param(query, "status")), null, h, new byte[0]));
        }
    }

    /** Requests received for {@code path}. */
    long count(String path) {
        return received.stream().filter(r -> r.uri().getPath().equals(path)).count();
    }

    private static String param(String query, String name) {
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public void close() {
        closed = true;
        io.shutdownNow();
    }
}
