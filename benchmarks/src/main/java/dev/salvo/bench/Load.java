package dev.salvo.bench;

import java.net.URI;

/**
 * One way of sending many GETs: a raw stack used directly, a JVM peer (another client library), or
 * Salvo over a transport. A load is
 * made once per child JVM and run several times (warm-up, then each repetition) on the same
 * client, so connections are reused across runs as a long-lived application would.
 */
interface Load extends AutoCloseable {

    /** Sends {@code n} GETs to {@code uri} with at most {@code concurrency} in flight; returns once all ended. */
    void run(URI uri, long n, int concurrency, Tally tally) throws Exception;

    @Override
    void close() throws Exception;

    /** The load of this client name (see {@link Clients}). */
    static Load of(String client) {
        return switch (client) {
            case Clients.JDK_DEFAULT -> new JdkLoad(JdkLoad.Mode.DEFAULT);
            case Clients.JDK_TUNED -> new JdkLoad(JdkLoad.Mode.OWN_EXECUTOR);
            case Clients.JDK_BLOCKING -> new JdkLoad(JdkLoad.Mode.BLOCKING_SEND);
            case Clients.OKHTTP_DEFAULT -> new OkHttpLoad(false);
            case Clients.OKHTTP_TUNED -> new OkHttpLoad(true);
            case Clients.NETTY_RAW -> new NettyLoad();
            case Clients.SALVO_JDK -> new SalvoLoad("jdk");
            case Clients.SALVO_OKHTTP -> new SalvoLoad("okhttp");
            case Clients.SALVO_NETTY -> new SalvoLoad("netty");
            case Clients.REACTOR_NETTY -> new ReactorNettyLoad();
            case Clients.VERTX -> new VertxLoad();
            case Clients.AHC -> new AsyncHttpClientLoad();
            case Clients.JETTY -> new JettyLoad();
            case Clients.APACHE_ASYNC -> new ApacheAsyncLoad();
            case Clients.ARMERIA -> new ArmeriaLoad();
            default -> throw new IllegalArgumentException("unknown client: " + client);
        };
    }
}
