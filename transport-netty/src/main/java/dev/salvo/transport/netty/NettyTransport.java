package dev.salvo.transport.netty;

import dev.salvo.ErrorType;
import dev.salvo.spi.Capability;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportBase;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Transport} over Netty 4.2: HTTP/1.1 with bounded per-host connection pools and
 * keep-alive reuse, one exchange per call and nothing more.
 *
 * <p>What it sets up, once per instance:
 * <ul>
 *   <li>One event-loop group: {@link TransportConfig#ioThreads()} threads, or one per core when that
 *       is 0; epoll where available, else NIO; threads {@code salvo-netty-<n>-io-<m>}.
 *   <li>One {@link ConnectionPool} enforcing the configured limits exactly.
 *   <li>Body threads {@code salvo-netty-<n>-body-<m>}, started only while a streamed request body
 *       (user code that may block) is being read, and ended after 10 s without work.
 *   <li>One TLS context ({@link NettyTls}).
 * </ul>
 * Buffers come from this module's own pooled allocator ({@link Buffers}).
 *
 * <p>Futures complete on the event loop; core hops to its own threads before running user code.
 * Capabilities: the reason phrase is exposed and a user's Host header is sent. HTTP/2 is not spoken:
 * a config asking for it gets HTTP/1.1, as from a server that declines h2.
 */
final class NettyTransport extends TransportBase {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Set<Capability> CAPABILITIES = Set.of(Capability.REASON_PHRASE, Capability.HOST_OVERRIDE,
            Capability.EXACT_ATTEMPTS, Capability.STRICT_HEAD_PARSING, Capability.IDLE_TIMEOUT_IN_HEAD,
            Capability.CLOSE_ON_PARSE_ERROR, Capability.RELEASE_ON_CLOSE);

    private final int id = IDS.incrementAndGet();
    private final TransportConfig config;
    private final EventLoopGroup group;
    private final ThreadPoolExecutor bodyThreads;
    private final ConnectionPool pool;
    /** Live threads this transport started; close() waits until each has ended. */
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();

    NettyTransport(TransportConfig config) {
        super(CAPABILITIES);
        this.config = Objects.requireNonNull(config, "config");
        NettyTls tls = new NettyTls(config.tls());
        int threads = config.ioThreads() > 0 ? config.ioThreads() : Math.max(1, Runtime.getRuntime().availableProcessors());
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new LoopThreads("salvo-netty-" + id + "-io-", started), io);
        this.bodyThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                bodyThreadFactory("salvo-netty-" + id + "-body-", started));
        Class<? extends Channel> channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        Bootstrap template = new Bootstrap()
                .group(group)
                .channel(channelType)
                .resolver(DefaultAddressResolverGroup.INSTANCE)
                .option(ChannelOption.ALLOCATOR, Buffers.ALLOCATOR)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(128 * 1024, 512 * 1024));
        this.pool = new ConnectionPool(config, group, new Connector(template, tls));
    }

    /** Not registered with the base: closing the pool reaches every exchange, on its connection or in a queue. */
    @Override
    protected CompletableFuture<TransportResponse> start(TransportRequest request) {
        Exchange ex = new Exchange(this, request, pool.enter(request));
        ex.host.acquire(ex);
        return ex.future();
    }

    /**
     * Fails whatever waits for a connection and closes every connection (exchanges in progress,
     * half-read streams included, fail with {@link ErrorType#CLIENT_CLOSED}), then ends the event
     * loops and body threads and waits for them.
     */
    @Override
    protected void shutdown() {
        pool.close();
        group.shutdownGracefully(10, 2_000, TimeUnit.MILLISECONDS);
        bodyThreads.shutdownNow();
        boolean interrupted = false;
        try {
            group.awaitTermination(5, TimeUnit.SECONDS);
            bodyThreads.awaitTermination(2, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            for (Thread t : started) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "NettyTransport-" + id + "[" + (isClosed() ? "closed" : pool.toString()) + "]";
    }

    ExecutorService bodyThreads() {
        return bodyThreads;
    }

    /** The pool, for tests reading its counters. */
    ConnectionPool pool() {
        return pool;
    }

    private static java.util.concurrent.ThreadFactory bodyThreadFactory(String prefix, Set<Thread> started) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    started.remove(Thread.currentThread());
                }
            }, prefix + n.incrementAndGet());
            t.setDaemon(true);
            started.add(t);
            return t;
        };
    }

    /** Event-loop threads named {@code <prefix><m>}, as Netty's factory makes them otherwise. */
    private static final class LoopThreads extends DefaultThreadFactory {
        private final String prefix;
        private final Set<Thread> started;
        private final AtomicInteger n = new AtomicInteger();

        LoopThreads(String prefix, Set<Thread> started) {
            super(prefix, true);
            this.prefix = prefix;
            this.started = started;
        }

        @Override
        protected Thread newThread(Runnable r, String ignored) {
            Thread t = new FastThreadLocalThread(threadGroup, r, prefix + n.incrementAndGet());
            started.add(t);
            return t;
        }
    }
}
