package dev.salvo.transport.jdk;

import dev.salvo.spi.TransportConfig;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK client's idle-pool limits, which it reads from two system properties once per JVM (when
 * the first {@code HttpClient} is built), not per client: {@value #POOL_SIZE}, idle connections
 * per client, unbounded by default; and {@value #KEEP_ALIVE}, seconds an idle connection is kept,
 * 1,200 on JDK 17. Left at those defaults, a client that visits many origins keeps a socket open
 * to each one for 20 minutes, and runs out of file descriptors.
 *
 * <p>So the first transport sets each property that is not already set from its own
 * {@link TransportConfig#maxIdleConnections()} (at least 1: the JDK takes 0 as unbounded) and
 * {@link TransportConfig#idleTimeout()} (in whole seconds, rounded up, at least 1). A value the
 * user set (with {@code -D} or before the first transport) is kept. Later transports find the
 * values in effect; one whose config asks for others gets a warning once, naming both.
 *
 * <p>Had code outside Salvo built an {@code HttpClient} before the first transport, the JDK has
 * already read the properties, and setting them changes nothing; nothing tells a transport that
 * this happened.
 */
final class PoolProperties {

    static final String POOL_SIZE = "jdk.httpclient.connectionPoolSize";
    static final String KEEP_ALIVE = "jdk.httpclient.keepalive.timeout";

    private static final Logger LOG = LoggerFactory.getLogger(PoolProperties.class);

    /** The values in effect, as "size/seconds", once the first transport has looked; guarded by the class. */
    private static String inEffect;
    private static boolean warned;

    private PoolProperties() {
    }

    /** Sets the properties not yet set from {@code config}; warns once if the values in effect differ from it. */
    static synchronized void applyFrom(TransportConfig config) {
        String wanted = poolSize(config) + "/" + keepAliveSeconds(config.idleTimeout());
        if (inEffect == null) {
            setIfAbsent(POOL_SIZE, poolSize(config));
            setIfAbsent(KEEP_ALIVE, keepAliveSeconds(config.idleTimeout()));
            inEffect = System.getProperty(POOL_SIZE) + "/" + System.getProperty(KEEP_ALIVE);
        }
        if (!inEffect.equals(wanted) && !warned) {
            warned = true;
            LOG.warn("The JDK HttpClient reads its idle-pool limits once per JVM ({} and {}, in effect: {} connections"
                    + " per client / {} s); this transport's config asks for {} / {} s, which the JDK transport cannot"
                    + " honour. Set both properties with -D to choose them.", POOL_SIZE, KEEP_ALIVE,
                    System.getProperty(POOL_SIZE), System.getProperty(KEEP_ALIVE), poolSize(config),
                    keepAliveSeconds(config.idleTimeout()));
        }
    }

    static long poolSize(TransportConfig config) {
        return Math.max(1, config.maxIdleConnections());
    }

    static long keepAliveSeconds(Duration idle) {
        long seconds = idle.getSeconds() + (idle.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private static void setIfAbsent(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }
}
