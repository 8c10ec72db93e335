package dev.salvo.internal;

import dev.salvo.Cookie;
import dev.salvo.Headers;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cookie store that keeps what a browser would keep and sends what a browser would send
 * (RFC 6265 with the rules of RFC 6265bis), against servers that may be hostile:
 * <ul>
 * <li>a Domain attribute must domain-match the host and must not be a public suffix
 *     ({@link CookieDomains}): {@code evil.example.com} cannot set a cookie for {@code com} or
 *     {@code co.uk}; a public suffix or IP address equal to the host gives a host-only cookie;
 * <li>a Secure cookie is kept only from https and sent only over https; a response over http can
 *     neither overwrite nor shadow a Secure cookie of the same name (RFC 6265bis 5.7);
 *     {@code __Secure-} and {@code __Host-} names carry their prefix's promises or are ignored;
 * <li>everything is bounded: {@link Cookie#MAX_NAME_AND_VALUE_LENGTH} per cookie,
 *     {@link #MAX_COOKIES_PER_SITE} per registrable domain, {@link #MAX_COOKIES} in all (expired
 *     cookies go first, then the least recently used; within a site non-Secure ones before Secure
 *     ones), {@link #MAX_LIFETIME} per cookie and {@link #MAX_HEADER_LENGTH} per Cookie header.
 * </ul>
 * Cookies are indexed by registrable domain and by (domain, path, name), so storing N
 * {@code Set-Cookie} lines costs O(N) and building a request's header looks only at the cookies
 * of the request host's site. A line that breaks a rule is ignored; {@link #store} never throws.
 * Thread-safe: a session's jar is shared by all its requests in flight; lines are parsed before
 * the jar's lock is taken.
 */
public final class CookieJar {
    /**
     * Cookies kept per registrable domain ({@code example.co.uk} with all its subdomains): RFC
     * 6265's 50 per domain, counted per site as browsers count, so one site's wildcard subdomains
     * cannot flood the jar. Browsers today allow up to 180; 50 is ample for what servers set.
     */
    public static final int MAX_COOKIES_PER_SITE = 50;

    /** Cookies kept in all: 3,000, RFC 6265's figure and Firefox's. */
    public static final int MAX_COOKIES = 3000;

    /**
     * Characters of the Cookie header value the jar builds for one request: 8 KiB, the size of one
     * header line that common servers accept (nginx, Apache, Tomcat). Cookies are added most
     * specific first (longest path, then oldest); one that would not fit is left out and the
     * next is tried.
     */
    public static final int MAX_HEADER_LENGTH = 8192;

    /** The longest a cookie lives, whatever its Max-Age or Expires says: 400 days (RFC 6265bis 5.5). */
    public static final Duration MAX_LIFETIME = Duration.ofDays(400);

    /** Host-to-site answers remembered, so a request's lookup costs no public-suffix search. */
    private static final int SITE_CACHE_SIZE = 256;

    private static final Comparator<Stored> SEND_ORDER =
            Comparator.comparingInt((Stored s) -> s.cookie.path().length()).reversed().thenComparingLong(s -> s.created);

    private record Key(String domain, String path, String name) {
    }

    private static final class Stored {
        final Key key;
        final Cookie cookie;
        final String site;
        final long created;
        long lastUsed;

        Stored(Key key, Cookie cookie, String site, long created) {
            this.key = key;
            this.cookie = cookie;
            this.site = site;
            this.created = created;
        }
    }

    private final Map<String, Map<Key, Stored>> bySite = new HashMap<>();
    /** Every cookie, least recently used first (access order). */
    private final LinkedHashMap<Key, Stored> byUse = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, String> siteCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > SITE_CACHE_SIZE;
        }
    };
    /** Logical time for creation order and last use; a counter never ties, unlike a clock. */
    private long tick;
    /** No cookie expires before this; past it, the next overflow sweeps expired cookies out first. */
    private Instant earliestExpiry;

    /** Stores every Set-Cookie of a response received from {@code uri}; ignores the ones a browser would. */
    public void store(URI uri, Headers responseHeaders) {
        List<String> lines = responseHeaders.all("Set-Cookie");
        String host = CookieDomains.host(uri);
        if (lines.isEmpty() || host.isEmpty()) {
            return;
        }
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        String defaultPath = defaultPath(uri);
        Instant now = Instant.now();
        Map<String, Boolean> suffixes = new HashMap<>();
        List<Cookie> accepted = new ArrayList<>(lines.size());
        for (String line : lines) {
            try {
                SetCookie sc = SetCookie.parse(line);
                Cookie c = sc == null ? null : accept(sc, host, secure, defaultPath, now, suffixes);
                if (c != null) {
                    accepted.add(c);
                }
            } catch (RuntimeException ignored) {
                // a line nothing above foresaw is ignored like any other bad line
            }
        }
        synchronized (this) {
            for (Cookie c : accepted) {
                add(c, secure, now);
            }
        }
    }

    /** Adds or replaces a cookie (same name, domain and path), as the user asked: no origin rules apply. */
    public synchronized void put(Cookie c, Instant now) {
        add(c, true, now);
    }

    /** The Cookie header value for a request to {@code uri}, or null when no cookie matches. */
    public String header(URI uri) {
        String host = CookieDomains.host(uri);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        Instant now = Instant.now();
        synchronized (this) {
            if (byUse.isEmpty() || host.isEmpty()) {
                return null;
            }
            Map<Key, Stored> bucket = bySite.get(siteOf(host));
            if (bucket == null) {
                return null;
            }
            List<Stored> match = new ArrayList<>();
            for (Iterator<Stored> it = bucket.values().iterator(); it.hasNext(); ) {
                Stored s = it.next();
                Cookie c = s.cookie;
                if (c.isExpired(now)) {
                    it.remove();
                    byUse.remove(s.key);
                } else if ((c.hostOnly() ? host.equals(c.domain()) : CookieDomains.domainMatches(host, c.domain()))
                        && pathMatches(path, c.path()) && (!c.secure() || https)) {
                    match.add(s);
                }
            }
            if (bucket.isEmpty()) {
                bySite.remove(siteOf(host));
            }
            match.sort(SEND_ORDER);
            StringBuilder sb = new StringBuilder();
            for (Stored s : match) {
                int length = (sb.length() == 0 ? 0 : 2) + s.cookie.name().length() + 1 + s.cookie.value().length();
                if (sb.length() + length > MAX_HEADER_LENGTH) {
                    continue;
                }
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(s.cookie.name()).append('=').append(s.cookie.value());
                s.lastUsed = ++tick;
                byUse.get(s.key);
            }
            return sb.length() == 0 ? null : sb.toString();
        }
    }

    /** The cookies held now, oldest first (expired ones dropped). */
    public synchronized List<Cookie> all() {
        sweepExpired(Instant.now());
        return byUse.values().stream().sorted(Comparator.comparingLong(s -> s.created)).map(s -> s.cookie).toList();
    }

    public synchronized void clear() {
        bySite.clear();
        byUse.clear();
        earliestExpiry = null;
    }

    /**
     * The cookie a browser would make of {@code sc} received from {@code host}, or null when it
     * would ignore the line (RFC 6265 5.3 with RFC 6265bis 5.6).
     */
    private static Cookie accept(SetCookie sc, String host, boolean secureRequest, String defaultPath, Instant now,
                                 Map<String, Boolean> suffixes) {
        String name = sc.name();
        boolean hostPrefixKept = sc.secure() && sc.domain() == null && "/".equals(sc.path());
        if ((sc.secure() && !secureRequest)
                || name.length() + sc.value().length() > Cookie.MAX_NAME_AND_VALUE_LENGTH
                || (startsWithIgnoreCase(name, "__Secure-") && !sc.secure())
                || (startsWithIgnoreCase(name, "__Host-") && !hostPrefixKept)) {
            return null;
        }
        String domain = host;
        boolean hostOnly = true;
        String d = sc.domain();
        if (d != null) {
            boolean suffix = suffixes.computeIfAbsent(d, CookieDomains::isPublicSuffix);
            if (d.equals(host)) {
                hostOnly = suffix || CookieDomains.isIpAddress(host);
            } else if (suffix || !CookieDomains.domainMatches(host, d)) {
                return null;
            } else {
                domain = d;
                hostOnly = false;
            }
        }
        Instant latest = now.plus(MAX_LIFETIME);
        Instant expiresAt = sc.expires() == null ? null : sc.expires().isAfter(latest) ? latest : sc.expires();
        if (sc.maxAge() != null) {
            expiresAt = sc.maxAge() <= 0 ? Instant.EPOCH
                    : sc.maxAge() >= MAX_LIFETIME.getSeconds() ? latest : now.plusSeconds(sc.maxAge());
        }
        String path = sc.path() != null ? sc.path() : defaultPath;
        try {
            return new Cookie(name, sc.value(), domain, hostOnly, path, expiresAt, sc.secure(), sc.httpOnly());
        } catch (IllegalArgumentException notACookie) {
            return null;
        }
    }

    /** Stores, replaces or (when expired) deletes {@code c}; caller holds the lock. */
    private void add(Cookie c, boolean fromSecure, Instant now) {
        String site = siteOf(c.domain());
        Map<Key, Stored> bucket = bySite.computeIfAbsent(site, s -> new HashMap<>());
        if (!fromSecure && shadowsSecure(bucket, c)) {
            return;
        }
        Key key = new Key(c.domain(), c.path(), c.name());
        Stored old = bucket.remove(key);
        if (old != null) {
            byUse.remove(key);
        }
        if (c.isExpired(now)) {
            if (bucket.isEmpty()) {
                bySite.remove(site);
            }
            return;
        }
        // RFC 6265 5.3 step 11.3: a replacement keeps the creation time, and so its place in the header
        Stored s = new Stored(key, c, site, old != null ? old.created : ++tick);
        s.lastUsed = ++tick;
        bucket.put(key, s);
        byUse.put(key, s);
        if (c.expiresAt() != null && (earliestExpiry == null || c.expiresAt().isBefore(earliestExpiry))) {
            earliestExpiry = c.expiresAt();
        }
        if (bucket.size() > MAX_COOKIES_PER_SITE) {
            remove(siteVictim(bucket, now));
        }
        if (byUse.size() > MAX_COOKIES) {
            sweepExpired(now);
            Iterator<Stored> lru = byUse.values().iterator();
            while (byUse.size() > MAX_COOKIES && lru.hasNext()) {
                Stored victim = lru.next();
                lru.remove();
                removeFromSite(victim);
            }
        }
    }

    /**
     * RFC 6265bis 5.7: a cookie from an insecure origin is ignored when a Secure cookie of the
     * same name exists whose domain matches its domain either way and whose path its path matches,
     * so http can neither overwrite a Secure cookie nor send a look-alike ahead of it.
     */
    private static boolean shadowsSecure(Map<Key, Stored> bucket, Cookie c) {
        for (Stored s : bucket.values()) {
            Cookie o = s.cookie;
            if (o.secure() && o.name().equals(c.name())
                    && (CookieDomains.domainMatches(o.domain(), c.domain()) || CookieDomains.domainMatches(c.domain(), o.domain()))
                    && pathMatches(c.path(), o.path())) {
                return true;
            }
        }
        return false;
    }

    /** Which cookie leaves a full site: an expired one, else the least recently used non-Secure one, else any. */
    private static Stored siteVictim(Map<Key, Stored> bucket, Instant now) {
        Stored oldest = null;
        Stored oldestInsecure = null;
        for (Stored s : bucket.values()) {
            if (s.cookie.isExpired(now)) {
                return s;
            }
            if (oldest == null || s.lastUsed < oldest.lastUsed) {
                oldest = s;
            }
            if (!s.cookie.secure() && (oldestInsecure == null || s.lastUsed < oldestInsecure.lastUsed)) {
                oldestInsecure = s;
            }
        }
        return oldestInsecure != null ? oldestInsecure : oldest;
    }

    /** Removes expired cookies, at most one full pass per cookie that has expired since the last. */
    private void sweepExpired(Instant now) {
        if (earliestExpiry == null || earliestExpiry.isAfter(now)) {
            return;
        }
        earliestExpiry = null;
        for (Iterator<Stored> it = byUse.values().iterator(); it.hasNext(); ) {
            Stored s = it.next();
            Instant at = s.cookie.expiresAt();
            if (s.cookie.isExpired(now)) {
                it.remove();
                removeFromSite(s);
            } else if (at != null && (earliestExpiry == null || at.isBefore(earliestExpiry))) {
                earliestExpiry = at;
            }
        }
    }

    private void remove(Stored s) {
        byUse.remove(s.key);
        removeFromSite(s);
    }

    private void removeFromSite(Stored s) {
        Map<Key, Stored> bucket = bySite.get(s.site);
        if (bucket != null) {
            bucket.remove(s.key);
            if (bucket.isEmpty()) {
                bySite.remove(s.site);
            }
        }
    }

    private String siteOf(String domain) {
        String site = siteCache.get(domain);
        if (site == null) {
            site = CookieDomains.site(domain);
            siteCache.put(domain, site);
        }
        return site;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** RFC 6265 5.1.4 path-match. */
    static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        if (requestPath.startsWith(cookiePath)) {
            return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
        }
        return false;
    }

    /** RFC 6265 5.1.4 default-path: the request path up to, not including, its last '/'. */
    static String defaultPath(URI uri) {
        String p = uri.getRawPath();
        if (p == null || p.isEmpty() || !p.startsWith("/")) {
            return "/";
        }
        int last = p.lastIndexOf('/');
        return last == 0 ? "/" : p.substring(0, last);
    }
}
