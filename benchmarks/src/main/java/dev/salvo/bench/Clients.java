package dev.salvo.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/** The names of the clients a cell can run, and which raw stack each Salvo transport is held against. */
final class Clients {
    static final String WRK = "wrk";
    static final String JDK_DEFAULT = "jdk raw (default executor)";
    static final String JDK_TUNED = "jdk raw (own executor)";
    static final String JDK_BLOCKING = "jdk raw (send() on a thread per slot)";
    static final String OKHTTP_DEFAULT = "okhttp raw (default dispatcher)";
    static final String OKHTTP_TUNED = "okhttp raw (dispatcher raised)";
    static final String NETTY_RAW = "netty raw (minimal client)";
    static final String SALVO_JDK = "salvo jdk";
    static final String SALVO_OKHTTP = "salvo okhttp";
    static final String SALVO_NETTY = "salvo netty";
    static final String REACTOR_NETTY = "reactor netty (flatMap, pool = size)";
    static final String VERTX = "vert.x webclient";
    static final String AHC = "asynchttpclient";
    static final String JETTY = "jetty httpclient";
    static final String APACHE_ASYNC = "apache httpclient 5 async";
    static final String ARMERIA = "armeria";

    /** The JVM peers: other clients of many concurrent requests, each set up as its documentation recommends. */
    static final List<String> PEERS = List.of(REACTOR_NETTY, VERTX, AHC, JETTY, APACHE_ASYNC, ARMERIA);

    /** A row run with the JDK's common pool at 2 threads (see {@link Plan#COMMON_POOL_2}) has this suffix. */
    static final String COMMON_POOL_2 = ", common pool 2";

    /**
     * Each Salvo row and the raw row (same stack used the same way, same JVM settings) it must reach
     * 0.95 of. Salvo's JDK transport sends with the blocking send() where the common pool has fewer
     * than 2 threads (transport-jdk's BlockingSend), with sendAsync elsewhere.
     */
    static final Map<String, String> RAW_OF = Map.of(
            SALVO_JDK, ForkJoinPool.getCommonPoolParallelism() < 2 ? JDK_BLOCKING : JDK_TUNED,
            SALVO_OKHTTP, OKHTTP_TUNED,
            SALVO_NETTY, NETTY_RAW,
            SALVO_JDK + COMMON_POOL_2, JDK_TUNED + COMMON_POOL_2);

    private Clients() {
    }

    static boolean isPeer(String client) {
        return PEERS.contains(client);
    }

    static boolean isSalvo(String client) {
        return client.startsWith("salvo ");
    }

    /**
     * Why a Salvo row cannot run on this JVM (its transport refuses it, as the jdk transport does
     * before Java 17.0.17), or null: such a row is reported as not run, with the reason, and no
     * child JVM is started for it.
     */
    static String refusal(String client) {
        if (!isSalvo(client)) {
            return null;
        }
        String rest = client.substring("salvo ".length());
        int end = 0;
        while (end < rest.length() && Character.isLetterOrDigit(rest.charAt(end))) {
            end++;
        }
        String reason = dev.salvo.Salvo.unavailableTransports().get(rest.substring(0, end));
        return reason == null ? null : "not run: the " + rest.substring(0, end) + " transport refuses Java "
                + Runtime.version() + ": " + reason;
    }
}
