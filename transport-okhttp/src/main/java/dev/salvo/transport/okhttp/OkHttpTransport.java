package dev.salvo.transport.okhttp;

import dev.salvo.ErrorType;
import dev.salvo.spi.BlockingThreads;
import dev.salvo.spi.Capability;
import dev.salvo.spi.HttpVersion;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportBase;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.CookieJar;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * A {@link Transport} over OkHttp 5: one HTTP exchange per call, nothing more.
 *
 * <p>What it sets up, once per instance:
 * <ul>
 *   <li>One {@link OkHttpClient}, never one per request. Redirects (plain and TLS), retries on
 *       connection failure, cookies and transparent gzip are off: core owns them. HTTP/1.1 only,
 *       unless HTTP/2 was asked for. No proxy (as the JDK transport), no call timeout (core owns
 *       request timeouts), no fast fallback (it races connections, so a batch could open more
 *       sockets than its size).
 *   <li>Its {@link Dispatcher}, on this transport's own executor: threads
 *       {@code salvo-okhttp-<n>-dispatch-<m>}, one per exchange in flight (OkHttp's asynchronous
 *       calls hold a thread each), kept 60 s once idle. On Java 21+ they are virtual threads, so
 *       1,000 exchanges in flight hold no more platform threads than the JVM's few carriers; on
 *       Java 17, or with {@code -Dsalvo.virtualThreads=false}, daemon platform threads (see
 *       {@link BlockingThreads}). Its {@code maxRequests} and {@code maxRequestsPerHost} (64 and 5
 *       by default, which would silently throttle a batch) are raised to
 *       {@link TransportConfig#maxConnections()} and {@link TransportConfig#maxConnectionsPerHost()}.
 *   <li>Its {@link ConnectionPool}, sized {@link TransportConfig#maxIdleConnections()} and
 *       {@link TransportConfig#idleTimeout()}.
 * </ul>
 *
 * <p>Per-request connect and read timeouts are applied by an interceptor through OkHttp's
 * per-call {@code Interceptor.Chain.withConnectTimeout}/{@code withReadTimeout}, so every request
 * goes through the one client and shares its pool and dispatcher (see {@link ExchangeInterceptors}).
 *
 * <p>Threads: the futures complete on the dispatcher threads (core moves user code to its own
 * pool). A request body is written on the dispatcher thread too, so a {@code Body.stream}
 * supplier and the stream it returns run there.
 */
final class OkHttpTransport extends TransportBase {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Set<Capability> CAPABILITIES =
            Set.of(Capability.REASON_PHRASE, Capability.HOST_OVERRIDE, Capability.HTTP2, Capability.EXACT_ATTEMPTS,
                    Capability.STRICT_HEAD_PARSING, Capability.IDLE_TIMEOUT_IN_HEAD, Capability.CLOSE_ON_PARSE_ERROR,
                    Capability.RELEASE_ON_CLOSE);

    private final TransportConfig config;
    private final int id = IDS.incrementAndGet();
    private final BlockingThreads threads;
    private final ThreadPoolExecutor executor;
    private final Dispatcher dispatcher;
    private final ConnectionPool pool;
    /** The pool's idle limit (0 where the idle timeout is 0). */
    private final int maxIdle;
    /** How long the idle connections may outnumber {@link #maxIdle} before the transport evicts them. */
    private static final long TRIM_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** When the idle connections were first seen over the limit (System.nanoTime), or 0. */
    private volatile long overLimitSince;
    private final OkHttpClient client;

    OkHttpTransport(TransportConfig config) {
        super(CAPABILITIES);
        this.config = Objects.requireNonNull(config, "config");
        AtomicInteger started = new AtomicInteger();
        String prefix = "salvo-okhttp-" + id + "-dispatch-";
        this.threads = BlockingThreads.named(() -> prefix + started.incrementAndGet());
        // A cached pool like OkHttp's own default: the dispatcher, not the executor, bounds the
        // calls in flight, and each running call holds its thread until its response head is read.
        // The pool (rather than a thread per task) also on Java 21+: shutdown and awaitTermination
        // then mean the same with virtual threads as with platform ones.
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads);
        try {
            this.dispatcher = new Dispatcher(executor);
            dispatcher.setMaxRequests(config.maxConnections());
            dispatcher.setMaxRequestsPerHost(config.maxConnectionsPerHost());
            this.maxIdle = maxIdle(config);
            this.pool = new ConnectionPool(maxIdle, Math.max(1, keepAliveMillis(config)), TimeUnit.MILLISECONDS);
            this.client = newClient(config, dispatcher, pool);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    @Override
    protected CompletableFuture<TransportResponse> start(TransportRequest request) {
        OkHttpExchange exchange = new OkHttpExchange(this, exchanges(), request);
        return launch(exchange, () -> exchange.start(client));
    }

    /**
     * Once every exchange in progress has failed with {@link ErrorType#CLIENT_CLOSED} (their
     * futures, and the streams of streaming responses) and its OkHttp call is cancelled: shuts the
     * dispatcher's executor down and evicts the connection pool, so this transport's threads end and
     * its sockets close.
     *
     * <p>OkHttp's process-wide helper threads ({@code OkHttp TaskRunner}, {@code Okio Watchdog}) are
     * shared by every OkHttp client in the JVM and end by themselves once idle; see the README.
     */
    @Override
    protected void shutdown() {
        dispatcher.cancelAll();
        executor.shutdown();
        pool.evictAll();
        stopAndAwait(executor);
        // connections released by the calls that ended meanwhile
        pool.evictAll();
    }

    @Override
    public String toString() {
        return "OkHttpTransport[" + config.protocol() + ", " + exchanges() + "]";
    }

    // ---- used by OkHttpExchange and tests ----

    int activeCount() {
        return exchanges().size();
    }

    OkHttpClient client() {
        return client;
    }

    /**
     * Called on the call's thread each time an exchange gives its connection back to the pool.
     * OkHttp's own cleanup trims the idle connections to {@link TransportConfig#maxIdleConnections()},
     * one per pass on its task thread; against a fast crawl of fresh origins (each connection idle
     * for good once used) it falls behind, notably when the dispatcher runs on virtual threads (seen:
     * 400 idle connections with a limit of 64), and the sockets would grow with the origins. So when
     * the idle connections have outnumbered the limit for {@link #TRIM_GRACE_NANOS} without the
     * cleanup catching up, the transport evicts the idle ones itself. A burst that the cleanup trims
     * in time (a few hosts, a batch larger than the limit) is left to it.
     */
    void connectionReleased() {
        // connectionCount() takes no connection's lock; it bounds the idle count from above
        if (pool.connectionCount() <= maxIdle || pool.idleConnectionCount() <= maxIdle) {
            overLimitSince = 0;
            return;
        }
        long now = System.nanoTime() | 1; // never 0, which means "within the limit"
        long since = overLimitSince;
        if (since == 0) {
            overLimitSince = now;
        } else if (now - since > TRIM_GRACE_NANOS) {
            overLimitSince = 0;
            pool.evictAll();
        }
    }

    /** The dispatcher's threads that have not ended; virtual ones included. */
    Set<Thread> dispatcherThreads() {
        return threads.live();
    }

    // ---- set-up ----

    private static long keepAliveMillis(TransportConfig config) {
        return Timeouts.millis(config.idleTimeout(), Long.MAX_VALUE);
    }

    /** OkHttp needs a positive keep-alive; a zero idle timeout means "keep nothing idle". */
    private static int maxIdle(TransportConfig config) {
        return keepAliveMillis(config) == 0 ? 0 : config.maxIdleConnections();
    }

    private static OkHttpClient newClient(TransportConfig config, Dispatcher dispatcher, ConnectionPool pool) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(pool)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .fastFallback(false)
                .cookieJar(CookieJar.NO_COOKIES)
                .proxy(Proxy.NO_PROXY)
                .callTimeout(Duration.ZERO)
                .connectTimeout(Timeouts.millis(config.connectTimeout()), TimeUnit.MILLISECONDS)
                .readTimeout(Timeouts.millis(config.readTimeout()), TimeUnit.MILLISECONDS)
                .writeTimeout(Timeouts.millis(config.readTimeout()), TimeUnit.MILLISECONDS)
                .protocols(config.protocol() == HttpVersion.HTTP_2 ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)
                        : List.of(Protocol.HTTP_1_1))
                .eventListener(OkHttpExchange.EVENTS)
                .addInterceptor(new ExchangeInterceptors.PerRequest())
                .addNetworkInterceptor(new ExchangeInterceptors.NoTransparentGzip())
                .addNetworkInterceptor(new ExchangeInterceptors.NoRetryAfter());
        Tls.configure(b, config.tls());
        return b.build();
    }
}
