package dev.salvo;

import java.time.Instant;
import java.util.Objects;

/**
 * A cookie held by a {@link Session}'s jar (RFC 6265). Building one with a name that is not an
 * HTTP token, a value with a control character or ';', or a name and value longer than
 * {@link #MAX_NAME_AND_VALUE_LENGTH} together throws {@link IllegalArgumentException} naming the
 * cookie and what was wrong.
 *
 * @param name      the cookie name
 * @param value     the cookie value
 * @param domain    the domain it is sent to (lower case, no leading dot)
 * @param hostOnly  true when it is sent to exactly {@code domain} and not its subdomains (no Domain attribute
 *                  was given, or it named the host itself and that is an IP address or a public suffix)
 * @param path      the path prefix it is sent for
 * @param expiresAt when it expires, or null for a session cookie
 * @param secure    sent over HTTPS only
 * @param httpOnly  the HttpOnly attribute (kept for inspection; Salvo has no scripts)
 */
public record Cookie(String name, String value, String domain, boolean hostOnly, String path, Instant expiresAt,
                     boolean secure, boolean httpOnly) {
    /**
     * The most characters a cookie's name and value may have together: 4,096, what browsers keep
     * (RFC 6265bis 5.6). A larger {@code Set-Cookie} is ignored; a larger cookie built here is refused.
     */
    public static final int MAX_NAME_AND_VALUE_LENGTH = 4096;

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
        if (name.length() + value.length() > MAX_NAME_AND_VALUE_LENGTH) {
            throw new IllegalArgumentException("cookie '" + name + "': name and value have " + (name.length()
                    + value.length()) + " characters together, more than " + MAX_NAME_AND_VALUE_LENGTH);
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
