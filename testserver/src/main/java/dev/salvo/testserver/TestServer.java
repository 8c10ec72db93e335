package dev.salvo.testserver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * An embedded, httpbin-compatible HTTP/1.1 server on loopback, with HTTPS (plain, wrong host name, mutual TLS),
 * instrumentation ({@link #stats()}) and fault endpoints under {@code /fault/}.
 *
 * <p>Every response carries {@code X-Salvo-Connection: <id>}, a per-connection id that increases with each accepted
 * connection, so clients can prove keep-alive reuse.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start()) {
 *     URI get = server.httpUrl().resolve("/get?x=1");
 *     ...
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final String LOOPBACK_V4 = "127.0.0.1";
    private static final String LOOPBACK_V6 = "::1";
    private static final int BACKLOG = 4096;
    /** Most extra plain-HTTP ports one server binds ({@link #extraHttpPorts}). */
    public static final int MAX_EXTRA_PORTS = 1000;
    static final String TLS_HANDLER = "tls";

    private final ServerContext server = new ServerContext();
    private final String threadPrefix = "salvo-testserver-" + INSTANCES.incrementAndGet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Channel> serverChannels = new ArrayList<>();
    private volatile EventLoopGroup group;
    private Certificates certificates;
    private int httpPort;
    private int httpsPort;
    private int wrongHostPort;
    private int clientAuthPort;
    private ChannelInitializer<SocketChannel> extraHttp;
    private final List<Integer> extraHttpPorts = new ArrayList<>();
    private boolean closed;

    private TestServer() {
    }

    /** Generates fresh certificates, binds ephemeral loopback ports and returns once all of them accept. */
    public static TestServer start() {
        TestServer s = new TestServer();
        try {
            s.doStart();
            return s;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    private void doStart() {
        certificates = Certificates.generate();
        SslContext tls;
        SslContext wrongHost;
        SslContext mutual;
        try {
            tls = SslContextBuilder.forServer(certificates.serverKey(), certificates.serverChain())
                    .sslProvider(SslProvider.JDK).build();
            wrongHost = SslContextBuilder.forServer(certificates.wrongHostKey(), certificates.wrongHostChain())
                    .sslProvider(SslProvider.JDK).build();
            mutual = SslContextBuilder.forServer(certificates.serverKey(), certificates.serverChain())
                    .sslProvider(SslProvider.JDK)
                    .trustManager(certificates.caCertificate())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot create TLS contexts", e);
        }

        ThreadFactory delegate = new DefaultThreadFactory(threadPrefix, true);
        ThreadFactory recording = r -> {
            Thread t = delegate.newThread(r);
            threads.add(t);
            return t;
        };
        group = new MultiThreadIoEventLoopGroup(2, recording, NioIoHandler.newFactory());
        server.stats().settleWith(this::settleEventLoops);

        boolean ipv6 = ipv6LoopbackAvailable();
        ChannelInitializer<SocketChannel> http = initializer(null, "http");
        httpPort = bindLoopback(http, ipv6);
        extraHttp = http;
        httpsPort = bindLoopback(initializer(tls, "https"), ipv6);
        wrongHostPort = bind(initializer(wrongHost, "https"), LOOPBACK_V4, 0);
        clientAuthPort = bindLoopback(initializer(mutual, "https"), ipv6);
    }

    private ChannelInitializer<SocketChannel> initializer(SslContext ssl, String scheme) {
        ConnectionTracker tracker = new ConnectionTracker(server);
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(64 * 1024)
                .setMaxHeaderSize(256 * 1024)
                .setMaxChunkSize(64 * 1024);
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                long id = server.nextConnectionId();
                ChannelPipeline p = ch.pipeline();
                p.addLast("track", tracker);
                if (ssl != null) {
                    p.addLast(TLS_HANDLER, ssl.newHandler(ch.alloc()));
                }
                p.addLast(Faults.RAW_HANDLER, new ChannelDuplexHandler());
                p.addLast("codec", new HttpServerCodec(decoderConfig.clone()));
                p.addLast("http", new HttpConnectionHandler(server, scheme, id));
            }
        };
    }

    /** Binds 127.0.0.1 and, when available, ::1 on the same ephemeral port, so "localhost" works either way. */
    private int bindLoopback(ChannelInitializer<SocketChannel> init, boolean ipv6) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = bind(init, LOOPBACK_V4, 0);
            if (!ipv6) {
                return port;
            }
            try {
                bind(init, LOOPBACK_V6, port);
                return port;
            } catch (RuntimeException e) {
                // port taken on ::1 by someone else: give this one back and try another
                last = e;
                Channel v4 = serverChannels.remove(serverChannels.size() - 1);
                v4.close().syncUninterruptibly();
            }
        }
        throw new IllegalStateException("cannot bind the same port on 127.0.0.1 and ::1", last);
    }

    private int bind(ChannelInitializer<SocketChannel> init, String host, int port) {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(init);
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Channel ch = b.bind(address).syncUninterruptibly().channel();
        serverChannels.add(ch);
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    private static boolean ipv6LoopbackAvailable() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK_V6))) {
            return s.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public URI httpUrl() {
        return URI.create("http://" + LOOPBACK_V4 + ":" + httpPort);
    }

    /** The same HTTP server under another host name: {@code http://localhost:<same port>}. */
    public URI httpUrlOtherHost() {
        return URI.create("http://localhost:" + httpPort);
    }

    /** {@code https://localhost:<port>}; certificate SAN DNS:localhost, IP:127.0.0.1, IP:::1, issued by the CA. */
    public URI httpsUrl() {
        return URI.create("https://localhost:" + httpsPort);
    }

    /** {@code https://127.0.0.1:<port>} whose certificate (same CA) names only wrong.host.invalid. */
    public URI httpsWrongHostUrl() {
        return URI.create("https://" + LOOPBACK_V4 + ":" + wrongHostPort);
    }

    /** {@code https://localhost:<port>} that requires a client certificate issued by the CA. */
    public URI httpsClientAuthUrl() {
        return URI.create("https://localhost:" + clientAuthPort);
    }

    /**
     * Ports of {@code count} more plain-HTTP listeners on 127.0.0.1, serving the same endpoints and counted in the
     * same {@link #stats()}, so a test can reach many distinct origins (for example with the host names of a test
     * hosts file). The first call binds them; a later call returns the same ports, binding only those missing.
     *
     * @throws IllegalArgumentException when {@code count} is not in 0..{@value #MAX_EXTRA_PORTS}
     * @throws IllegalStateException    when the server is closed or a port cannot be bound
     */
    public synchronized List<Integer> extraHttpPorts(int count) {
        if (count < 0 || count > MAX_EXTRA_PORTS) {
            throw new IllegalArgumentException("count must be between 0 and " + MAX_EXTRA_PORTS + ": " + count);
        }
        if (closed) {
            throw new IllegalStateException("the test server is closed");
        }
        while (extraHttpPorts.size() < count) {
            extraHttpPorts.add(bind(extraHttp, LOOPBACK_V4, 0));
        }
        return List.copyOf(extraHttpPorts.subList(0, count));
    }

    public Certificates certificates() {
        return certificates;
    }

    public Stats stats() {
        return server.stats();
    }

    /**
     * Closes every connection clients have open to this server, whatever is in flight on it, and
     * returns how many it closed. For tests of a client that cannot close its own connections (the
     * JDK's HttpClient on Java 17 keeps them until it is collected): after such a client is closed,
     * the next test starts with no connection open.
     */
    public int closeConnections() {
        List<Channel> open = List.copyOf(server.channels());
        for (Channel ch : open) {
            ch.close();
        }
        int closed = 0;
        for (Channel ch : open) {
            if (ch.closeFuture().awaitUninterruptibly(1, TimeUnit.SECONDS)) {
                closed++;
            }
        }
        return closed;
    }

    /**
     * Waits until each event loop has finished the task it is running (a write-completion callback in particular).
     * Skipped on an event-loop thread and once the server is shutting down.
     */
    private void settleEventLoops() {
        EventLoopGroup g = group;
        if (g == null || g.isShuttingDown()) {
            return;
        }
        List<Future<?>> barriers = new ArrayList<>(2);
        for (EventExecutor e : g) {
            if (e.inEventLoop()) {
                return;
            }
            try {
                barriers.add(e.submit(() -> { }));
            } catch (RejectedExecutionException closing) {
                return;
            }
        }
        for (Future<?> f : barriers) {
            f.awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }

    /** Prefix of the names of this server's event-loop threads. */
    String threadNamePrefix() {
        return threadPrefix;
    }

    /**
     * Closes all ports and connections and terminates the event-loop threads before returning; deletes the CA PEM
     * file. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Channel ch : serverChannels) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        serverChannels.clear();
        for (Channel ch : List.copyOf(server.channels())) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(15, TimeUnit.SECONDS);
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (certificates != null) {
            certificates.deleteFiles();
        }
    }

    @Override
    public String toString() {
        return "TestServer{http=" + httpUrl() + ", https=" + httpsUrl() + ", httpsWrongHost=" + httpsWrongHostUrl()
                + ", httpsClientAuth=" + httpsClientAuthUrl() + '}';
    }
}
