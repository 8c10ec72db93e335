package dev.salvo.conformance.support;

import java.util.Set;
import java.util.stream.Collectors;

/** Finding a transport's threads, to check that it starts them and that close ends them. */
public final class Threads {
    private Threads() {
    }

    /** Names of the live threads whose name starts with any of {@code prefixes}; empty if none. */
    public static Set<String> named(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> {
                    for (String p : prefixes) {
                        if (n.startsWith(p)) {
                            return true;
                        }
                    }
                    return false;
                })
                .collect(Collectors.toSet());
    }
}
