package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The redirect policy, the same for every transport: which statuses are followed, how the
 * method and body change, and which credentials are dropped when the host changes.
 *
 * <p>Like requests: 303 turns any method but HEAD into GET; 302 does too; 301 turns POST into
 * GET; 307 and 308 keep method and body. Authorization, Proxy-Authorization and a user-set
 * Cookie header are dropped when the redirect leaves the original host (an http to https upgrade
 * on the same host keeps them). Cookies from the jar are matched anew for every hop.
 */
final class Redirects {
    private Redirects() {
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The hop that follows {@code from} after a redirect status with {@code location}. */
    static Hop next(Hop from, int status, String location) {
        URI target = resolve(from.uri(), location);
        String method = from.method();
        boolean toGet = (status == 303 && !method.equals("HEAD"))
                || (status == 302 && !method.equals("HEAD") && !method.equals("GET"))
                || (status == 301 && method.equals("POST"));
        Headers headers = from.headers();
        var body = from.body();
        if (toGet) {
            method = "GET";
            body = null;
            headers = headers.newBuilder().remove("Content-Type").remove("Content-Length")
                    .remove("Transfer-Encoding").build();
        }
        boolean sameOrigin = from.sameOrigin() && sameHost(from.uri(), target);
        if (!sameHost(from.uri(), target)) {
            headers = headers.newBuilder().remove("Authorization").remove("Proxy-Authorization").remove("Cookie").build();
        }
        return new Hop(method, target, headers, body, sameOrigin);
    }

    static boolean sameHost(URI a, URI b) {
        if (!a.getHost().equalsIgnoreCase(b.getHost())) {
            return false;
        }
        int pa = port(a);
        int pb = port(b);
        if (pa == pb && a.getScheme().equalsIgnoreCase(b.getScheme())) {
            return true;
        }
        return "http".equalsIgnoreCase(a.getScheme()) && pa == 80 && "https".equalsIgnoreCase(b.getScheme()) && pb == 443;
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    static URI resolve(URI base, String location) {
        URI loc;
        try {
            loc = new URI(location.trim());
        } catch (URISyntaxException e) {
            try {
                loc = new URI(encodeIllegal(location.trim()));
            } catch (URISyntaxException e2) {
                throw new SalvoException(ErrorType.PROTOCOL, "redirect Location '" + location + "' is not a valid URI", e2);
            }
        }
        if (base.getRawPath() == null || base.getRawPath().isEmpty()) {
            base = base.resolve("/");
        }
        URI target = loc.isAbsolute() ? loc : base.resolve(loc);
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new SalvoException(ErrorType.INVALID_REQUEST, "redirect to unsupported scheme: " + location);
        }
        if (target.getHost() == null) {
            throw new SalvoException(ErrorType.PROTOCOL, "redirect Location '" + location + "' has no host");
        }
        return target;
    }

    private static String encodeIllegal(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
                    || c == '{' || c == '|' || c == '}') {
                sb.append('%').append(String.format("%02X", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
