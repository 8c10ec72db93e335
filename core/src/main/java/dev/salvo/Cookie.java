package dev.salvo;

import java.time.Instant;
import java.util.Objects;

/**
 * A cookie held by a {@link Session}'s jar (RFC 6265).
 *
 * @param name      the cookie name
 * @param value     the cookie value
 * @param domain    the domain it is sent to (lower case, no leading dot)
 * @param hostOnly  true when it is sent to exactly {@code domain} and not its subdomains (no Domain attribute was given)
 * @param path      the path prefix it is sent for
 * @param expiresAt when it expires, or null for a session cookie
 * @param secure    sent over HTTPS only
 * @param httpOnly  the HttpOnly attribute (kept for inspection; Salvo has no scripts)
 */
public record Cookie(String name, String value, String domain, boolean hostOnly, String path, Instant expiresAt,
                     boolean secure, boolean httpOnly) {
    public Cookie {
        Objects.requireNonNull(name, "cookie name");
        Objects.requireNonNull(value, "cookie value");
        Objects.requireNonNull(domain, "cookie domain");
        Objects.requireNonNull(path, "cookie path");
        Headers.checkValue("cookie " + name, value);
        if (name.isEmpty() || !Tokens.isToken(name)) {
            throw new IllegalArgumentException("cookie name '" + Tokens.printable(name) + "': must be an HTTP token");
        }
        if (value.indexOf(';') >= 0) {
            throw new IllegalArgumentException("cookie '" + name + "': value must not contain ';'");
        }
    }

    /** A session cookie for exactly {@code domain}, path "/". */
    public static Cookie of(String domain, String name, String value) {
        return new Cookie(name, value, domain.toLowerCase(java.util.Locale.ROOT), true, "/", null, false, false);
    }

    /** Whether it has expired at {@code now}. */
    public boolean isExpired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
