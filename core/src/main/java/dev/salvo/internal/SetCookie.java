package dev.salvo.internal;

import java.time.Instant;
import java.util.Locale;

/**
 * One {@code Set-Cookie} line taken apart by RFC 6265 section 5.2 (with the tightening of
 * RFC 6265bis), before the jar decides whether to keep it. Parsing is one pass over the line and
 * never throws: a line that breaks a rule gives null and is ignored, as browsers ignore it.
 *
 * @param name       the cookie name (not empty)
 * @param value      the value, quotes kept as sent (they are part of the value in RFC 6265)
 * @param domain     the Domain attribute, lower case, leading dot removed; null when absent or empty
 * @param path       the Path attribute; null when absent or not starting with '/' (the default path applies)
 * @param maxAge     the Max-Age attribute in seconds, or null; it wins over Expires
 * @param expires    the Expires attribute, or null when absent or not a date
 * @param secure     the Secure attribute
 * @param httpOnly   the HttpOnly attribute
 */
record SetCookie(String name, String value, String domain, String path, Long maxAge, Instant expires,
                 boolean secure, boolean httpOnly) {
    /**
     * An attribute value longer than this is ignored with its attribute (RFC 6265bis 5.6): a
     * Domain or Path that long is never legitimate, and it bounds what one attribute can cost.
     */
    static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1024;

    /** The parsed line, or null when it is to be ignored. */
    static SetCookie parse(String line) {
        if (!sendable(line)) {
            return null;
        }
        int semi = line.indexOf(';');
        String pair = semi < 0 ? line : line.substring(0, semi);
        int eq = pair.indexOf('=');
        if (eq < 0) {
            // a nameless cookie: Cookie holds only named ones, and browsers disagree on these
            return null;
        }
        String name = trim(pair, 0, eq);
        String value = trim(pair, eq + 1, pair.length());
        if (name.isEmpty()) {
            return null;
        }
        String domain = null;
        String path = null;
        Long maxAge = null;
        Instant expires = null;
        boolean secure = false;
        boolean httpOnly = false;
        int at = semi;
        while (at >= 0) {
            int next = line.indexOf(';', at + 1);
            int end = next < 0 ? line.length() : next;
            int attrEq = indexOf(line, '=', at + 1, end);
            boolean hasValue = attrEq >= 0;
            String key = trim(line, at + 1, hasValue ? attrEq : end);
            String val = hasValue ? trim(line, attrEq + 1, end) : "";
            at = next;
            if (val.length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
                continue;
            }
            if (key.equalsIgnoreCase("domain")) {
                String d = val.startsWith(".") ? val.substring(1) : val;
                domain = d.isEmpty() ? null : d.toLowerCase(Locale.ROOT);
            } else if (key.equalsIgnoreCase("path")) {
                path = val.startsWith("/") ? val : null;
            } else if (key.equalsIgnoreCase("expires")) {
                Instant e = CookieDate.parse(val);
                if (e != null) {
                    expires = e;
                }
            } else if (key.equalsIgnoreCase("max-age")) {
                Long seconds = seconds(val);
                if (seconds != null) {
                    maxAge = seconds;
                }
            } else if (key.equalsIgnoreCase("secure")) {
                secure = true;
            } else if (key.equalsIgnoreCase("httponly")) {
                httpOnly = true;
            }
            // SameSite, Partitioned and extensions do not change what a client without pages sends
        }
        return new SetCookie(name, value, domain, path, maxAge, expires, secure, httpOnly);
    }

    /**
     * RFC 6265bis 5.6: a line with a control character other than HTAB is ignored whole. Bytes
     * above 0x7e are refused too: a request header has to be ASCII to arrive unchanged on every
     * transport, so such a cookie could not be sent back as it was set.
     */
    private static boolean sendable(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Max-Age: an optional '-' then digits only, else the attribute is ignored; huge values saturate. */
    private static Long seconds(String val) {
        int start = val.startsWith("-") ? 1 : 0;
        if (val.length() == start) {
            return null;
        }
        long v = 0;
        for (int i = start; i < val.length(); i++) {
            char c = val.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v > Long.MAX_VALUE / 20 ? Long.MAX_VALUE / 20 : v * 10 + (c - '0');
        }
        return start == 1 ? -v : v;
    }

    /** The first {@code c} in {@code [from, to)}, or -1; bounded so that many attributes stay linear. */
    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** The text between {@code from} and {@code to} without the spaces and tabs around it. */
    private static String trim(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }
}
