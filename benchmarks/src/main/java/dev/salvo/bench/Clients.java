package dev.salvo.bench;

import java.util.Map;

/** The names of the clients a cell can run, and which raw stack each Salvo transport is held against. */
final class Clients {
    static final String WRK = "wrk";
    static final String JDK_DEFAULT = "jdk raw (default executor)";
    static final String JDK_TUNED = "jdk raw (own executor)";
    static final String OKHTTP_DEFAULT = "okhttp raw (default dispatcher)";
    static final String OKHTTP_TUNED = "okhttp raw (dispatcher raised)";
    static final String NETTY_RAW = "netty raw (minimal client)";
    static final String SALVO_JDK = "salvo jdk";
    static final String SALVO_OKHTTP = "salvo okhttp";
    static final String SALVO_NETTY = "salvo netty";

    /** Each Salvo transport and the raw use of its stack it must reach 0.95 of. */
    static final Map<String, String> RAW_OF = Map.of(
            SALVO_JDK, JDK_TUNED,
            SALVO_OKHTTP, OKHTTP_TUNED,
            SALVO_NETTY, NETTY_RAW);

    private Clients() {
    }

    static boolean isSalvo(String client) {
        return client.startsWith("salvo ");
    }
}
