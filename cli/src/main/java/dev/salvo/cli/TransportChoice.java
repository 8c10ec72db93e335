package dev.salvo.cli;

import dev.salvo.Salvo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which transport the command uses, and why: {@code --transport}, else system property
 * {@code salvo.transport}, else environment variable {@code SALVO_TRANSPORT}, else the only one on
 * the classpath, else the first of {@link #PREFERENCE} that is present (the library itself refuses
 * to guess between several; a command should just work), else the first one found.
 *
 * @param name   the transport's name
 * @param reason why it was chosen, for {@code salvo transports} and error messages
 */
record TransportChoice(String name, String reason) {
    /** The command's preference when several transports are present and nothing names one. */
    static final List<String> PREFERENCE = List.of("netty", "okhttp", "jdk");

    /**
     * Chooses among {@code found} (names in classpath order).
     *
     * @throws IllegalArgumentException when a named transport is absent or none is found; the
     *                                  message names what is there
     */
    static TransportChoice choose(String flag, String property, String env, Set<String> found) {
        if (present(flag)) {
            return named(flag, "--transport", found);
        }
        if (present(property)) {
            return named(property, "system property " + Salvo.TRANSPORT_PROPERTY, found);
        }
        if (present(env)) {
            return named(env, "environment variable " + Salvo.TRANSPORT_ENV, found);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no Salvo transport on the classpath (add salvo-transport-jdk, "
                    + "salvo-transport-netty or salvo-transport-okhttp)");
        }
        if (found.size() == 1) {
            return new TransportChoice(found.iterator().next(), "the only transport on the classpath");
        }
        for (String name : PREFERENCE) {
            if (found.contains(name)) {
                return new TransportChoice(name, "the command's preference " + String.join(" > ", PREFERENCE)
                        + " among " + new ArrayList<>(found) + "; choose another with --transport");
            }
        }
        String first = found.iterator().next();
        return new TransportChoice(first, "the first of " + new ArrayList<>(found) + " found; choose with --transport");
    }

    private static TransportChoice named(String name, String source, Set<String> found) {
        String trimmed = name.trim();
        if (!found.contains(trimmed)) {
            throw new IllegalArgumentException("transport '" + trimmed + "' (asked for by " + source + ") is not on the classpath; "
                    + (found.isEmpty() ? "no transport is" : "available: " + String.join(", ", found)));
        }
        return new TransportChoice(trimmed, "asked for by " + source);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
