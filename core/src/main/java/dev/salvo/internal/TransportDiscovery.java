package dev.salvo.internal;

import dev.salvo.spi.TransportProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the transports on the classpath and picks one: the explicit choice, else system property
 * {@code salvo.transport}, else environment variable {@code SALVO_TRANSPORT}, else the only one.
 */
public final class TransportDiscovery {
    public static final String PROPERTY = "salvo.transport";
    public static final String ENV = "SALVO_TRANSPORT";
    private static final String ARTIFACTS = "dev.salvo:salvo-transport-jdk, dev.salvo:salvo-transport-netty "
            + "or dev.salvo:salvo-transport-okhttp";

    private TransportDiscovery() {
    }

    /** The providers found, by name, in classpath order. */
    public static Map<String, TransportProvider> available() {
        Map<String, TransportProvider> out = new LinkedHashMap<>();
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), TransportDiscovery.class.getClassLoader()};
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            for (TransportProvider p : ServiceLoader.load(TransportProvider.class, loader)) {
                out.putIfAbsent(p.name(), p);
            }
        }
        return out;
    }

    /** The provider to use given an explicit choice (may be null); fails with a message saying what to do. */
    public static TransportProvider choose(String explicit) {
        return choose(explicit, System.getProperty(PROPERTY), System.getenv(ENV), available());
    }

    static TransportProvider choose(String explicit, String property, String env, Map<String, TransportProvider> found) {
        String name = nonBlank(explicit) ? explicit : nonBlank(property) ? property : nonBlank(env) ? env : null;
        String source = nonBlank(explicit) ? "the builder" : nonBlank(property) ? "system property " + PROPERTY
                : "environment variable " + ENV;
        if (name != null) {
            TransportProvider p = found.get(name.trim());
            if (p == null) {
                throw new IllegalStateException("Salvo transport '" + name + "' (asked for by " + source + ") is not on the classpath; "
                        + (found.isEmpty() ? "no transport is. Add " + ARTIFACTS + "."
                        : "available: " + new ArrayList<>(found.keySet()) + "."));
            }
            return p;
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("No Salvo transport on the classpath. Add one of " + ARTIFACTS + ".");
        }
        if (found.size() > 1) {
            List<String> names = new ArrayList<>(found.keySet());
            throw new IllegalStateException("Several Salvo transports on the classpath: " + names + ". Choose one with "
                    + "Salvo.builder().transport(\"" + names.get(0) + "\"), -D" + PROPERTY + "=NAME or " + ENV + "=NAME.");
        }
        return found.values().iterator().next();
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }
}
