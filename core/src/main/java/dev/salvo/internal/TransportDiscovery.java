package dev.salvo.internal;

import dev.salvo.spi.TransportProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the transports on the class path and module path. Choosing among them is
 * {@link dev.salvo.TransportChoice}'s job.
 */
public final class TransportDiscovery {
    private TransportDiscovery() {
    }

    /** The providers found, by name, in classpath order (the context class loader's first). */
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
}
