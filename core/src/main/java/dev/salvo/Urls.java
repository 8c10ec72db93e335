package dev.salvo;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** URL checks and arithmetic for requests and sessions: parsing with named errors, query parameters, base URLs. */
final class Urls {
    private Urls() {
    }

    /**
     * {@code url} parsed and checked: http or https, a host, a port in range, no credentials;
     * relative only if {@code allowRelative}. Fails with an {@link IllegalArgumentException} naming {@code field}.
     */
    static URI parseUrl(String field, String url, boolean allowRelative) {
        Objects.requireNonNull(url, field);
        if (url.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " '" + Tokens.printable(url) + "': malformed: " + e.getReason()
                    + " at index " + e.getIndex(), e);
        }
        if (!uri.isAbsolute()) {
            if (!allowRelative) {
                throw new IllegalArgumentException(field + " '" + url + "': must be absolute (http:// or https://)");
            }
            if (uri.getRawAuthority() != null) {
                throw new IllegalArgumentException(field + " '" + url + "': has a host but no scheme; add http:// or https://");
            }
            return uri;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(field + " '" + url + "': unsupported scheme '" + uri.getScheme()
                    + "'; only http and https are supported");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(field + " '" + url + "': has no valid host");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException(field + " '" + url + "': port " + uri.getPort() + " is out of range");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(field + " '" + url.replace(uri.getRawUserInfo(), "██")
                    + "': credentials in the URL are not supported; use basicAuth(...)");
        }
        return uri;
    }

    /** {@code target} with the query parameters (alternating names and values) appended, percent-encoded. */
    static URI withParams(URI target, List<String> params) {
        if (params.isEmpty()) {
            return target;
        }
        StringBuilder q = new StringBuilder();
        String raw = target.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            q.append(raw);
        }
        for (int i = 0; i < params.size(); i += 2) {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(URLEncoder.encode(params.get(i), StandardCharsets.UTF_8));
            q.append('=').append(URLEncoder.encode(params.get(i + 1), StandardCharsets.UTF_8));
        }
        String s = target.toString();
        int cut = s.indexOf('#');
        String fragment = cut >= 0 ? s.substring(cut) : "";
        String noFragment = cut >= 0 ? s.substring(0, cut) : s;
        int qm = noFragment.indexOf('?');
        String head = qm >= 0 ? noFragment.substring(0, qm) : noFragment;
        return URI.create(head + "?" + q + fragment);
    }

    /** {@code relative} resolved against {@code base}, read as a prefix. */
    static URI resolve(URI base, URI relative) {
        String b = base.toString();
        String r = relative.toString();
        // "https://api/v1" + "items" and "https://api/v1/" + "/items" both mean https://api/v1/items:
        // a base URL is a prefix, as users of requests' sessions and OkHttp expect.
        if (b.endsWith("/") && r.startsWith("/")) {
            return URI.create(b + r.substring(1));
        }
        if (!b.endsWith("/") && !r.startsWith("/") && !r.startsWith("?")) {
            return URI.create(b + "/" + r);
        }
        return URI.create(b + r);
    }
}
