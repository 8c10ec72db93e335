package dev.salvo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/** Checks and encodings shared by the settings of requests, sessions, clients and policies; errors name the field. */
final class Checks {
    private Checks() {
    }

    /** {@code d} when null or positive; else an {@link IllegalArgumentException} naming {@code field}. */
    static Duration checkDuration(String field, Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(field + ": must be positive, got " + d);
        }
        return d;
    }

    /** The Authorization value for HTTP Basic authentication; a user with ':' is refused (RFC 7617). */
    static String basic(String user, String password) {
        Objects.requireNonNull(user, "basic auth user");
        Objects.requireNonNull(password, "basic auth password");
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("basic auth user: must not contain ':'");
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A method token, upper-cased when it is a standard method in another case. */
    static String method(String method) {
        Objects.requireNonNull(method, "method");
        if (!Tokens.isToken(method)) {
            throw new IllegalArgumentException("method '" + Tokens.printable(method) + "': not a valid HTTP method token");
        }
        String upper = method.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE" -> upper;
            default -> method;
        };
    }
}
