package dev.salvo.internal;

import dev.salvo.Cookie;
import dev.salvo.Headers;
import java.net.URI;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A thread-safe cookie store following RFC 6265's storage and matching rules: host-only versus
 * domain cookies, default paths, path matching, Secure, Max-Age over Expires, and replacement of
 * a cookie with the same name, domain and path.
 */
public final class CookieJar {
    private static final DateTimeFormatter[] DATES = {
        DateTimeFormatter.RFC_1123_DATE_TIME,
        DateTimeFormatter.ofPattern("EEE, dd-MMM-yyyy HH:mm:ss zzz", Locale.ROOT),
        DateTimeFormatter.ofPattern("EEE, dd-MMM-yy HH:mm:ss zzz", Locale.ROOT),
        DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT).withZone(java.time.ZoneOffset.UTC),
    };

    private final List<Cookie> cookies = new ArrayList<>();

    /** Stores every Set-Cookie of a response received from {@code uri}. */
    public void store(URI uri, Headers responseHeaders) {
        List<String> lines = responseHeaders.all("Set-Cookie");
        if (lines.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        for (String line : lines) {
            Cookie c = parse(uri, line, now);
            if (c != null) {
                put(c, now);
            }
        }
    }

    /** Adds or replaces a cookie (same name, domain and path). */
    public synchronized void put(Cookie c, Instant now) {
        cookies.removeIf(o -> o.name().equals(c.name()) && o.domain().equals(c.domain()) && o.path().equals(c.path()));
        if (!c.isExpired(now)) {
            cookies.add(c);
        }
    }

    /** The Cookie header value for a request to {@code uri}, or null when no cookie matches. */
    public synchronized String header(URI uri) {
        if (cookies.isEmpty()) {
            return null;
        }
        Instant now = Instant.now();
        cookies.removeIf(c -> c.isExpired(now));
        String host = host(uri);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        List<Cookie> match = new ArrayList<>();
        for (Cookie c : cookies) {
            boolean domainOk = c.hostOnly() ? host.equals(c.domain()) : domainMatches(host, c.domain());
            if (domainOk && pathMatches(path, c.path()) && (!c.secure() || https)) {
                match.add(c);
            }
        }
        if (match.isEmpty()) {
            return null;
        }
        match.sort(Comparator.comparingInt((Cookie c) -> c.path().length()).reversed());
        StringBuilder sb = new StringBuilder();
        for (Cookie c : match) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(c.name()).append('=').append(c.value());
        }
        return sb.toString();
    }

    public synchronized List<Cookie> all() {
        Instant now = Instant.now();
        cookies.removeIf(c -> c.isExpired(now));
        return List.copyOf(cookies);
    }

    public synchronized void clear() {
        cookies.clear();
    }

    static Cookie parse(URI uri, String line, Instant now) {
        String[] parts = line.split(";");
        String pair = parts[0];
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return null;
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        String host = host(uri);
        String domain = null;
        String path = null;
        Instant expires = null;
        Long maxAge = null;
        boolean secure = false;
        boolean httpOnly = false;
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            int e = attr.indexOf('=');
            String key = (e < 0 ? attr : attr.substring(0, e)).trim().toLowerCase(Locale.ROOT);
            String val = e < 0 ? "" : attr.substring(e + 1).trim();
            switch (key) {
                case "domain" -> {
                    String d = val.startsWith(".") ? val.substring(1) : val;
                    if (!d.isEmpty()) {
                        domain = d.toLowerCase(Locale.ROOT);
                    }
                }
                case "path" -> path = val.startsWith("/") ? val : null;
                case "expires" -> expires = parseDate(val);
                case "max-age" -> {
                    try {
                        maxAge = Long.parseLong(val);
                    } catch (NumberFormatException ignored) {
                        // RFC 6265 5.2.2: an unparsable Max-Age is ignored
                    }
                }
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                default -> {
                    // SameSite and extensions do not affect a client without scripts
                }
            }
        }
        boolean hostOnly = domain == null;
        if (hostOnly) {
            domain = host;
        } else if (!domainMatches(host, domain)) {
            return null;
        }
        if (path == null) {
            path = defaultPath(uri);
        }
        Instant expiresAt = maxAge != null ? (maxAge <= 0 ? Instant.EPOCH : now.plusSeconds(maxAge)) : expires;
        try {
            return new Cookie(name, value, domain, hostOnly, path, expiresAt, secure, httpOnly);
        } catch (IllegalArgumentException badCookie) {
            return null;
        }
    }

    private static Instant parseDate(String s) {
        for (DateTimeFormatter f : DATES) {
            try {
                return ZonedDateTime.parse(s, f).toInstant();
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        return null;
    }

    static String host(URI uri) {
        String h = uri.getHost();
        if (h == null) {
            return "";
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    static boolean domainMatches(String host, String domain) {
        if (host.equals(domain)) {
            return true;
        }
        boolean ip = host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
        return !ip && host.endsWith("." + domain);
    }

    static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        if (requestPath.startsWith(cookiePath)) {
            return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
        }
        return false;
    }

    static String defaultPath(URI uri) {
        String p = uri.getRawPath();
        if (p == null || p.isEmpty() || !p.startsWith("/")) {
            return "/";
        }
        int last = p.lastIndexOf('/');
        return last == 0 ? "/" : p.substring(0, last);
    }
}
