package dev.salvo;

import dev.salvo.internal.TransportDiscovery;
import dev.salvo.spi.TransportProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which transport a client uses, and why. One rule, the same for {@link Salvo#create()} and the
 * {@code salvo} command:
 *
 * <ol>
 *   <li>An explicit choice wins: the builder's {@code transport(name)} (the command's
 *       {@code --transport}), else system property {@value Salvo#TRANSPORT_PROPERTY}, else
 *       environment variable {@value Salvo#TRANSPORT_ENV}; the first that is set and not blank.
 *       A name not on the classpath fails, listing those that are. A named transport that cannot
 *       run on this JVM is still the choice: creating a client over it fails with its reason.</li>
 *   <li>Otherwise, among the transports on the classpath that can run on this JVM (those whose
 *       {@link TransportProvider#unavailableReason()} is empty), the first present of
 *       {@link #PREFERENCE} (netty, then okhttp, then jdk), else the first of the others by name.</li>
 *   <li>No transport on the classpath, or none that can run here, fails with a message naming
 *       what is there, why each cannot run, and what to add.</li>
 * </ol>
 *
 * <p>The order puts first the stacks that hold the most connections with the fewest threads, and
 * last the JDK client, which some Java releases cannot run. A failure is an
 * {@link IllegalStateException}.
 */
public final class TransportChoice {
    /** The transports preferred when nothing names one, most preferred first. */
    public static final List<String> PREFERENCE = List.of("netty", "okhttp", "jdk");

    private static final String ARTIFACTS = "dev.salvo:salvo-transport-netty, dev.salvo:salvo-transport-okhttp "
            + "or dev.salvo:salvo-transport-jdk";

    private final TransportProvider provider;
    private final String reason;
    private final boolean named;

    private TransportChoice(TransportProvider provider, String reason, boolean named) {
        this.provider = provider;
        this.reason = reason;
        this.named = named;
    }

    /**
     * The choice on this JVM: {@code explicit} (null or blank for none), asked for by
     * {@code source} ("the builder", "--transport"), then the system property and the process
     * environment, among the transports {@link java.util.ServiceLoader} finds.
     *
     * @throws IllegalStateException when the named transport is absent, or nothing is named and no
     *                               transport can run here
     */
    public static TransportChoice choose(String explicit, String source) {
        return choose(explicit, source, System::getenv);
    }

    /**
     * As {@link #choose(String, String)}, reading environment variables through {@code env} (a
     * command under test passes its own environment).
     */
    public static TransportChoice choose(String explicit, String source, Function<String, String> env) {
        return choose(explicit, source, System.getProperty(Salvo.TRANSPORT_PROPERTY), env.apply(Salvo.TRANSPORT_ENV),
                TransportDiscovery.available().values());
    }

    /** The rule itself, over given inputs; {@code found} in classpath order. */
    static TransportChoice choose(String explicit, String source, String property, String env,
                                  Collection<TransportProvider> found) {
        Objects.requireNonNull(source, "source");
        Map<String, TransportProvider> byName = new LinkedHashMap<>();
        found.forEach(p -> byName.putIfAbsent(p.name(), p));
        if (set(explicit)) {
            return named(explicit, source, byName);
        }
        if (set(property)) {
            return named(property, "system property " + Salvo.TRANSPORT_PROPERTY, byName);
        }
        if (set(env)) {
            return named(env, "environment variable " + Salvo.TRANSPORT_ENV, byName);
        }
        if (byName.isEmpty()) {
            throw new IllegalStateException("No Salvo transport on the classpath. Add one of " + ARTIFACTS + ".");
        }
        List<TransportProvider> runnable = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (TransportProvider p : byName.values()) {
            Optional<String> refusal = p.unavailableReason();
            if (refusal.isPresent()) {
                refusals.add(p.name() + ": " + refusal.get());
            } else {
                runnable.add(p);
            }
        }
        if (runnable.isEmpty()) {
            throw new IllegalStateException("No Salvo transport on the classpath can run on this JVM (Java "
                    + Runtime.version() + "): " + String.join("; ", refusals) + ". Add another of " + ARTIFACTS + ".");
        }
        TransportProvider best = runnable.stream().min(Comparator.comparingInt(TransportChoice::rank)
                .thenComparing(TransportProvider::name)).orElseThrow();
        String why = runnable.size() == 1 ? "the only transport on the classpath that can run here"
                : "the preference " + String.join(" > ", PREFERENCE) + " among " + names(runnable);
        return new TransportChoice(best, refusals.isEmpty() ? why : why + " (" + String.join("; ", refusals) + ")", false);
    }

    /** The chosen transport's provider. */
    public TransportProvider provider() {
        return provider;
    }

    /** The chosen transport's name ("netty", "okhttp", "jdk", ...). */
    public String name() {
        return provider.name();
    }

    /** Why it was chosen, for messages: "asked for by --transport", "the preference netty > okhttp > jdk among ...". */
    public String reason() {
        return reason;
    }

    /** Whether a name asked for it (explicit choice, property or environment) rather than the preference. */
    public boolean named() {
        return named;
    }

    @Override
    public String toString() {
        return name() + " (" + reason + ")";
    }

    private static TransportChoice named(String name, String source, Map<String, TransportProvider> found) {
        String trimmed = name.trim();
        TransportProvider p = found.get(trimmed);
        if (p == null) {
            throw new IllegalStateException("Salvo transport '" + trimmed + "' (asked for by " + source
                    + ") is not on the classpath; " + (found.isEmpty() ? "no transport is. Add one of " + ARTIFACTS + "."
                    : "available: " + String.join(", ", found.keySet()) + "."));
        }
        return new TransportChoice(p, "asked for by " + source, true);
    }

    private static int rank(TransportProvider p) {
        int i = PREFERENCE.indexOf(p.name());
        return i < 0 ? PREFERENCE.size() : i;
    }

    private static List<String> names(List<TransportProvider> providers) {
        return providers.stream().map(TransportProvider::name).toList();
    }

    private static boolean set(String s) {
        return s != null && !s.isBlank();
    }
}
