package dev.salvo.transport.jdk;

import dev.salvo.ErrorType;
import dev.salvo.spi.ActiveExchanges;
import dev.salvo.spi.BlockingThreads;
import dev.salvo.spi.Capability;
import dev.salvo.spi.HttpVersion;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportBase;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A {@link Transport} over {@link HttpClient}: one HTTP exchange per call, nothing more.
 *
 * <p>What it sets up, once per instance:
 * <ul>
 *   <li>One {@link HttpClient}: HTTP/1.1 unless HTTP/2 was asked for, redirects never followed,
 *       no cookie handler, no authenticator, the configured connect timeout and TLS. The JDK client
 *       puts no cap on connections per host over HTTP/1.1, so the concurrency core asks for is the
 *       concurrency the server sees.
 *   <li>Its executor: a fixed pool of daemon threads {@code salvo-jdk-<n>} (never the common pool,
 *       never a thread per request), sized {@link TransportConfig#ioThreads()} or, when that is 0,
 *       {@code max(2, availableProcessors)}.
 *   <li>A watchdog thread {@code salvo-jdk-watchdog-<n>} enforcing the read timeout where the JDK
 *       client has none (see {@link JdkExchange}).
 *   <li>Only where {@code sendAsync} would start a thread per response (the common pool has fewer
 *       than 2 threads, as on any machine of at most 2 cores): a pool of sender threads
 *       {@code salvo-jdk-send-<n>}, one per exchange in flight up to {@value #MAX_SENDERS}, reused,
 *       ended 30 s after their last exchange, each running the blocking {@code send} (see
 *       {@link BlockingSend}); exchanges beyond that many use {@code sendAsync}. On Java 21+ they
 *       are virtual threads, so 1,000 exchanges in flight hold no more platform threads than the
 *       JVM's few carriers; on Java 17, or with {@code -Dsalvo.virtualThreads=false}, daemon
 *       platform threads (see {@link BlockingThreads}).
 * </ul>
 *
 * <p>The executor and the watchdog stay platform threads on every JDK: the executor's threads run
 * the JDK client's own steps, which do not wait for the network (only a request body stream that
 * blocks holds one), so a fixed few serve any number of exchanges.
 *
 * <p>Per-request connect timeouts: the JDK client takes its connect timeout only when it is built.
 * A request whose connect timeout differs from the configured one is sent through a second client
 * built with that timeout (sharing the executor and TLS settings); at most
 * {@value #MAX_EXTRA_CLIENTS} such clients are made per transport, after which further distinct
 * values fall back to the configured timeout.
 *
 * <p>Limits the JDK client does not let a transport set per client: its idle pool size and
 * keep-alive time are system properties it reads once per JVM ({@code jdk.httpclient.connectionPoolSize},
 * unbounded by default, and {@code jdk.httpclient.keepalive.timeout}, 1,200 s on JDK 17). The first
 * transport sets those the user has not set from its {@link TransportConfig#maxIdleConnections()}
 * and {@link TransportConfig#idleTimeout()}; later transports live with the values in effect, and
 * one asking for others logs a warning (see {@link PoolProperties}). The
 * {@link TransportConfig#maxConnections()} and {@link TransportConfig#maxConnectionsPerHost()}
 * caps are not enforced here: the JDK client has no such caps to raise, and core bounds the
 * requests in flight.
 *
 * <p>Capabilities: {@link Capability#HTTP2}, and on Java 21 and later {@link Capability#RELEASE_ON_CLOSE}:
 * there {@code close()} shuts the HttpClient down and returns once its connections are closed and
 * its selector thread has ended. On Java 17 the HttpClient cannot be shut down: {@code close()}
 * fails the exchanges in progress (closing their connections) and ends the transport's own
 * threads, and returns at once; the client's idle pooled connections and its selector thread end
 * when the JVM collects the client (the selector looks within about 3 s of a collection), when
 * the server closes them, or after the keep-alive time, whichever comes first (see
 * {@link ClientShutdown}). It lacks the others: the JDK client always derives Host from the URI
 * and refuses a user-set one ({@link Capability#HOST_OVERRIDE}: core refuses such a request before
 * it gets here; see {@link JdkRequests}); it does not expose the reason phrase (responses carry a
 * null reason: {@link Capability#REASON_PHRASE}); its head parser repairs a bare CR and a long
 * status code before the transport sees them ({@link Capability#STRICT_HEAD_PARSING}); and it says
 * nothing while a head arrives, so the read timeout covers the whole head
 * ({@link Capability#IDLE_TIMEOUT_IN_HEAD}, see {@link JdkExchange}); and it leaves open a
 * connection whose head its own parser rejected ({@link Capability#CLOSE_ON_PARSE_ERROR}).
 */
final class JdkTransport extends TransportBase {

    /** Sender threads at most (see {@link BlockingSend}); exchanges beyond them use sendAsync. */
    static final int MAX_SENDERS = 1024;

    /** Distinct per-request connect timeouts served by clients of their own. */
    static final int MAX_EXTRA_CLIENTS = 4;

    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static final AtomicInteger WATCHDOG_IDS = new AtomicInteger();
    private static final AtomicInteger SENDER_IDS = new AtomicInteger();
    private static final Set<Capability> CAPABILITIES = ClientShutdown.supported()
            ? Set.of(Capability.HTTP2, Capability.RELEASE_ON_CLOSE) : Set.of(Capability.HTTP2);

    private final TransportConfig config;
    private final ExecutorService executor;
    private final ScheduledThreadPoolExecutor watchdog;
    /** Sender threads for {@link BlockingSend}, or null when sendAsync is used. */
    private final SenderPool senders;
    /** Where the senders' threads come from: virtual ones on Java 21+. */
    private final BlockingThreads senderThreads;
    private final SSLContext sslContext;
    private final SSLParameters sslParameters;

    private final Object clientsLock = new Object();
    /** The client for the configured connect timeout; null once closed. */
    private volatile HttpClient defaultClient;
    /** Clients for other connect timeouts; guarded by clientsLock. */
    private final Map<Duration, HttpClient> extraClients = new LinkedHashMap<>();

    JdkTransport(TransportConfig config) {
        super(CAPABILITIES);
        JdkReleases.requireSupported();
        this.config = Objects.requireNonNull(config, "config");
        int threads = config.ioThreads() > 0 ? config.ioThreads()
                : Math.max(2, Runtime.getRuntime().availableProcessors());
        this.executor = Executors.newFixedThreadPool(threads,
                daemonFactory(() -> "salvo-jdk-" + THREAD_IDS.incrementAndGet()));
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1,
                daemonFactory(() -> "salvo-jdk-watchdog-" + WATCHDOG_IDS.incrementAndGet()));
        w.setRemoveOnCancelPolicy(true);
        w.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.watchdog = w;
        this.senderThreads = BlockingThreads.named(() -> "salvo-jdk-send-" + SENDER_IDS.incrementAndGet());
        this.senders = BlockingSend.wanted() ? new SenderPool(MAX_SENDERS, 30, senderThreads) : null;
        try {
            this.sslContext = Tls.contextFor(config.tls());
            this.sslParameters = Tls.parametersFor(sslContext, config.tls());
            PoolProperties.applyFrom(config);
            this.defaultClient = newClient(config.connectTimeout());
        } catch (RuntimeException e) {
            executor.shutdownNow();
            watchdog.shutdownNow();
            stopSenders();
            throw e;
        }
    }

    @Override
    protected CompletableFuture<TransportResponse> start(TransportRequest request) {
        HttpClient client = clientFor(request.connectTimeout());
        if (client == null) {
            return ActiveExchanges.refused(request); // closed since the base checked
        }
        JdkExchange exchange = new JdkExchange(this, request);
        return launch(exchange, () -> exchange.start(client));
    }

    /**
     * Once every exchange in progress was aborted (their futures and streams fail with
     * {@link ErrorType#CLIENT_CLOSED}): stops the HTTP client where the JDK can (21+: its selector
     * thread ends and its sockets close; 17: it is only let go), then stops the executor and the
     * watchdog.
     */
    @Override
    protected void shutdown() {
        List<HttpClient> clients = new ArrayList<>();
        synchronized (clientsLock) {
            if (defaultClient != null) {
                clients.add(defaultClient);
            }
            clients.addAll(extraClients.values());
            defaultClient = null;
            extraClients.clear();
        }
        stopSenders(); // a blocked sender holds its client
        ClientShutdown.shutdown(clients); // empties the list: on 17 the clients go once unreachable
        watchdog.shutdownNow();
        stopAndAwait(executor);
        try {
            watchdog.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopSenders() {
        if (senders == null) {
            return;
        }
        try {
            senders.close(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "JdkTransport[" + config.protocol() + ", " + exchanges() + "]";
    }

    // ---- used by JdkExchange ----


    /**
     * Sends with {@link BlockingSend} where sendAsync would start a thread per response, while fewer
     * than {@value #MAX_SENDERS} exchanges are in flight; with {@code sendAsync} otherwise.
     */
    CompletableFuture<HttpResponse<Void>> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<Void> handler) {
        if (senders != null) {
            CompletableFuture<HttpResponse<Void>> sent = BlockingSend.start(senders, client, request, handler);
            if (sent != null) {
                return sent;
            }
            // every sender is busy: the JDK's own way
        }
        return client.sendAsync(request, handler);
    }

    /** Runs {@code task} on this transport's executor, or inline once the executor is gone. */
    void runAsync(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Schedules {@code task} on the watchdog thread; null once the transport is closing. */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return watchdog.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Where this transport's exchanges register. */
    ActiveExchanges registry() {
        return exchanges();
    }

    int activeCount() {
        return exchanges().size();
    }

    /** The sender threads that have not ended (none when sendAsync is used); virtual ones included. */
    Set<Thread> senderThreads() {
        return senderThreads.live();
    }

    // ---- clients ----

    private HttpClient clientFor(Duration connectTimeout) {
        HttpClient client = defaultClient;
        if (client == null || connectTimeout.equals(config.connectTimeout())) {
            return client;
        }
        synchronized (clientsLock) {
            if (defaultClient == null) {
                return null;
            }
            HttpClient extra = extraClients.get(connectTimeout);
            if (extra == null && extraClients.size() < MAX_EXTRA_CLIENTS) {
                extra = newClient(connectTimeout);
                extraClients.put(connectTimeout, extra);
            }
            return extra != null ? extra : defaultClient;
        }
    }

    private HttpClient newClient(Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(config.protocol() == HttpVersion.HTTP_2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .sslContext(sslContext)
                .sslParameters(sslParameters);
        if (!connectTimeout.isZero() && !connectTimeout.isNegative()) {
            builder.connectTimeout(connectTimeout);
        }
        return builder.build();
    }

    private static ThreadFactory daemonFactory(java.util.function.Supplier<String> names) {
        return runnable -> {
            Thread t = new Thread(runnable, names.get());
            t.setDaemon(true);
            return t;
        };
    }
}
