package dev.salvo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered, case-insensitive multimap of HTTP header fields.
 *
 * <p>Names keep the case they were given in; look-ups ignore case. Building a {@code Headers}
 * validates every field: a name must be an HTTP token and a value must not contain CR, LF or
 * NUL. Invalid input fails with an {@link IllegalArgumentException} naming the header, so a
 * request carrying a smuggled line break is never built, let alone sent.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(List.of());

    /** Names and values, alternating: [name0, value0, name1, value1, ...]. */
    private final List<String> fields;

    private Headers(List<String> fields) {
        this.fields = fields;
    }

    /** No headers. */
    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from alternating names and values: {@code Headers.of("Accept", "text/plain", "X-A", "1")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("headers: expected name/value pairs, got an odd count " + namesAndValues.length);
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** Headers from a map of single values, in the map's iteration order. */
    public static Headers of(Map<String, String> map) {
        Builder b = builder();
        map.forEach(b::add);
        return b.build();
    }

    /** A builder for a new set of headers. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these headers. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.fields.addAll(fields);
        return b;
    }

    /** The first value of {@code name}, if any. */
    public Optional<String> first(String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return Optional.of(fields.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** The first value of {@code name}, or null. */
    public String firstOrNull(String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return fields.get(i + 1);
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order; empty if absent. */
    public List<String> all(String name) {
        List<String> out = null;
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(fields.get(i + 1));
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /** Whether a field named {@code name} is present. */
    public boolean contains(String name) {
        return firstOrNull(name) != null;
    }

    /** The distinct names, in first-seen order, in the case first seen. */
    public Set<String> names() {
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i += 2) {
            seen.putIfAbsent(fields.get(i).toLowerCase(Locale.ROOT), fields.get(i));
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(seen.values()));
    }

    /** Number of fields (a name with two values counts twice). */
    public int size() {
        return fields.size() / 2;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Calls {@code action} with each name and value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < fields.size(); i += 2) {
            action.accept(fields.get(i), fields.get(i + 1));
        }
    }

    /** The fields as a map from name (first-seen case) to values; iteration order is first-seen order. */
    public Map<String, List<String>> toMap() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : names()) {
            out.put(name, all(name));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A copy with {@code name} set to the single {@code value}, replacing any earlier values. */
    public Headers with(String name, String value) {
        return newBuilder().set(name, value).build();
    }

    /** A copy without any field named {@code name}. */
    public Headers without(String name) {
        return newBuilder().remove(name).build();
    }

    /** These fields, then every field of {@code other} whose name is not present here. */
    public Headers withDefaults(Headers other) {
        if (other.isEmpty()) {
            return this;
        }
        Builder b = newBuilder();
        for (int i = 0; i < other.fields.size(); i += 2) {
            if (!contains(other.fields.get(i))) {
                b.fields.add(other.fields.get(i));
                b.fields.add(other.fields.get(i + 1));
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && h.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers{");
        forEach((n, v) -> {
            if (sb.length() > 8) {
                sb.append(", ");
            }
            boolean secret = n.equalsIgnoreCase("Authorization") || n.equalsIgnoreCase("Proxy-Authorization")
                    || n.equalsIgnoreCase("Cookie");
            sb.append(n).append(": ").append(secret ? "██" : v);
        });
        return sb.append('}').toString();
    }

    /** Checks that {@code name} is an HTTP token; the message names the header. */
    static String checkName(String name) {
        Objects.requireNonNull(name, "header name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name: must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Tokens.isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("header name '" + Tokens.printable(name)
                        + "': illegal character at index " + i + " (header names are HTTP tokens)");
            }
        }
        return name;
    }

    /** Checks that {@code value} holds no CR, LF, NUL or other control byte but tab. */
    static String checkValue(String name, String value) {
        Objects.requireNonNull(value, () -> "header '" + name + "': value is null");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("header '" + name + "': value has an illegal control character (0x"
                        + Integer.toHexString(c) + ") at index " + i + "; CR, LF and NUL are never allowed");
            }
            if (c > 0xff) {
                throw new IllegalArgumentException("header '" + name + "': value has a non-Latin-1 character at index " + i
                        + "; encode it first (e.g. RFC 8187)");
            }
        }
        return value;
    }

    /**
     * Checks that every value is ASCII, as headers a client sends must be to arrive unchanged on
     * every transport (the JDK client turns other characters into '?', OkHttp refuses them).
     * Response headers are not checked: servers may send Latin-1.
     */
    Headers requireAsciiValues() {
        for (int i = 0; i < fields.size(); i += 2) {
            String value = fields.get(i + 1);
            for (int j = 0; j < value.length(); j++) {
                if (value.charAt(j) > 0x7e) {
                    throw new IllegalArgumentException("header '" + fields.get(i) + "': value has a non-ASCII character at "
                            + "index " + j + "; encode it first (e.g. RFC 8187 or percent-encoding)");
                }
            }
        }
        return this;
    }

    /** Builds {@link Headers}; every field is validated as it is added. */
    public static final class Builder {
        private final List<String> fields = new ArrayList<>();

        private Builder() {
        }

        /** Adds a field, keeping earlier values of the same name. */
        public Builder add(String name, String value) {
            checkName(name);
            checkValue(name, value);
            fields.add(name);
            fields.add(value);
            return this;
        }

        /** Sets {@code name} to one value, removing earlier values. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        /** Removes every field named {@code name}. */
        public Builder remove(String name) {
            for (int i = fields.size() - 2; i >= 0; i -= 2) {
                if (fields.get(i).equalsIgnoreCase(name)) {
                    fields.remove(i + 1);
                    fields.remove(i);
                }
            }
            return this;
        }

        /** Adds every field of {@code headers}. */
        public Builder addAll(Headers headers) {
            fields.addAll(headers.fields);
            return this;
        }

        public Headers build() {
            return fields.isEmpty() ? EMPTY : new Headers(List.copyOf(fields));
        }
    }
}
