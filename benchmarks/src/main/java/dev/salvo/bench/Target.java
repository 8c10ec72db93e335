package dev.salvo.bench;

import java.net.URI;

/** The server the workloads send to: nginx, or the embedded test server when nginx cannot be had. */
interface Target extends AutoCloseable {
    /** One line for the report: what server, and why when it is the fallback. */
    String describe();

    /** A small body (W1, W3). */
    URI small();

    /** A response after 100 ms (W2). */
    URI delayed();

    /** A 1 MiB body (W4). */
    URI large();

    /** Whether wrk's figures against this server are the reference (nginx only). */
    boolean isNginx();

    @Override
    void close();
}
