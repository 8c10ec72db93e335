package dev.salvo.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a transport is created with. Core fills every field; a transport raises each of its
 * stack's own limits to the values here and never applies a lower default of its own.
 *
 * @param connectTimeout        default TCP+TLS connect timeout (a request may override it)
 * @param readTimeout           default longest wait between bytes of a response (a request may override it)
 * @param maxConnections        hard cap on open connections; {@link Integer#MAX_VALUE} when core's concurrency is the only limit
 * @param maxConnectionsPerHost hard cap per host; {@link Integer#MAX_VALUE} when unlimited
 * @param maxIdleConnections    idle keep-alive connections kept in the pool, in all
 * @param idleTimeout           how long an idle connection is kept
 * @param tls                   trust, client certificate and hostname verification
 * @param protocol              HTTP/1.1 unless HTTP/2 was asked for
 * @param ioThreads             I/O threads for stacks that take a number; 0 lets the transport choose for the machine
 */
public record TransportConfig(Duration connectTimeout, Duration readTimeout, int maxConnections,
                              int maxConnectionsPerHost, int maxIdleConnections, Duration idleTimeout,
                              TlsSettings tls, HttpVersion protocol, int ioThreads) {
    public TransportConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(protocol, "protocol");
        if (maxConnections < 1 || maxConnectionsPerHost < 1 || maxIdleConnections < 0 || ioThreads < 0) {
            throw new IllegalArgumentException("transport limits must be positive: " + maxConnections + ", "
                    + maxConnectionsPerHost + ", " + maxIdleConnections + ", " + ioThreads);
        }
    }
}
