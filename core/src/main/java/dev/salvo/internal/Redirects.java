package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.Request;
import dev.salvo.SalvoException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The redirect policy, the same for every transport: which statuses are followed, how the
 * method and body change, and when a chain has left the original origin.
 *
 * <p>Like requests: 303 turns any method but HEAD into GET; 302 does too; 301 turns POST into
 * GET; 307 and 308 keep method and body.
 *
 * <p>A hop is on the original origin while it and every hop before it have the original
 * request's scheme, host and port; an http to https upgrade is another origin. From the first hop
 * that leaves it to the end of the chain, no credentials are sent ({@link HopHeaders}), even if a
 * later hop comes back: an origin that redirected elsewhere does not get them back by redirecting
 * once more. Cookies from the jar are matched anew for every hop, so each origin gets exactly the
 * cookies the jar holds for it.
 */
final class Redirects {
    private Redirects() {
    }

    /**
     * The redirect decision for a response to {@code hop}: the hop to send next, or null when the
     * response is the answer (redirects not followed, not a redirect status, or no Location).
     *
     * @param followed how many redirects this attempt has followed already
     * @throws SalvoException TOO_MANY_REDIRECTS past the request's limit; PROTOCOL or
     *                        INVALID_REQUEST for a Location that cannot be followed
     */
    static Hop follow(Options options, Hop hop, int status, Headers headers, int followed, Request request) {
        String location = headers.firstOrNull("Location");
        if (!options.followRedirects() || location == null || !isRedirect(status)) {
            return null;
        }
        if (followed >= options.maxRedirects()) {
            throw new SalvoException(ErrorType.TOO_MANY_REDIRECTS, "more than " + options.maxRedirects()
                    + " redirects (" + request + ", last to " + location + ")");
        }
        return next(hop, status, location);
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
        // from is still on the original origin as long as it is marked so: comparing with it is comparing with the original
        boolean sameOrigin = from.sameOrigin() && sameOrigin(from.uri(), target);
        if (!sameOrigin) {
            headers = HopHeaders.withoutCredentials(headers);
        }
        return new Hop(method, target, headers, body, sameOrigin);
    }

    /** Whether {@code a} and {@code b} have the same scheme, host and (effective) port. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
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
