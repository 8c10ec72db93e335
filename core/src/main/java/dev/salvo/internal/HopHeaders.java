package dev.salvo.internal;

import dev.salvo.Headers;
import java.util.List;

/**
 * The headers one hop of a request carries, and the one rule for credentials.
 *
 * <p>Sources, first wins per name: the request's own headers, the session's default headers (its
 * auth among them), the client's default headers (User-Agent among them); then
 * {@code Accept-Encoding: gzip, deflate} unless the request set it, Content-Type from the body,
 * and the cookie jar's cookies for the hop's URL, after a Cookie header given by a source.
 *
 * <p>Credentials ({@link #CREDENTIALS}) from any source go only to the original request's origin
 * (scheme, host and port): from the first redirect hop that leaves it to the end of the chain
 * (see {@link Redirects}), none is sent, and the only cookies are those the jar holds for the
 * hop's URL. A {@code Host} header given by a source names the original origin too, so it stays
 * there as well: off it, the transport derives Host from the hop's URL.
 */
final class HopHeaders {
    /** The request headers that carry credentials. */
    static final List<String> CREDENTIALS = List.of("Authorization", "Proxy-Authorization", "Cookie");

    private HopHeaders() {
    }

    /** Whether header {@code name} carries credentials (see {@link #CREDENTIALS}). */
    static boolean isCredential(String name) {
        for (String c : CREDENTIALS) {
            if (c.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether header {@code name} is sent only to the original origin: credentials and Host. */
    static boolean isOriginBound(String name) {
        return isCredential(name) || name.equalsIgnoreCase("Host");
    }

    /** {@code headers} without what is sent only to the original origin (credentials and Host). */
    static Headers withoutCredentials(Headers headers) {
        Headers.Builder b = headers.newBuilder();
        for (String c : CREDENTIALS) {
            b.remove(c);
        }
        return b.remove("Host").build();
    }

    /**
     * What is wrong with the Host headers a request's sources give, or null: a transport without
     * {@link dev.salvo.spi.Capability#HOST_OVERRIDE} cannot send one at all, and HTTP/1.1 allows one
     * Host line (RFC 9112 section 3.2), so a source giving several is refused too.
     */
    static String hostProblem(boolean transportSendsHost, Headers own, Headers session, Headers client) {
        for (Headers source : List.of(own, session, client)) {
            List<String> hosts = source.all("Host");
            if (hosts.isEmpty()) {
                continue;
            }
            if (!transportSendsHost) {
                return "the transport always derives Host from the URL (it lacks HOST_OVERRIDE); remove the Host "
                        + "header or choose a transport that can send it";
            }
            if (hosts.size() > 1) {
                return hosts.size() + " Host values " + hosts + "; HTTP/1.1 allows one";
            }
        }
        return null;
    }

    /**
     * What {@code hop} sends, given the session's and the client's default headers and the jar's
     * Cookie value for the hop (or null).
     */
    static Headers of(Hop hop, Headers session, Headers client, String jarCookies) {
        Headers own = hop.headers();
        // Off the original origin the request's own credentials are gone from the hop already
        // (Redirects.next); the defaults' are filtered here.
        boolean credentials = hop.sameOrigin();
        Headers.Builder h = own.newBuilder();
        session.forEach((name, value) -> {
            if (!own.contains(name) && (credentials || !isOriginBound(name))) {
                h.add(name, value);
            }
        });
        client.forEach((name, value) -> {
            if (!own.contains(name) && !session.contains(name) && (credentials || !isOriginBound(name))) {
                h.add(name, value);
            }
        });
        if (!own.contains("Accept-Encoding")) {
            h.add("Accept-Encoding", Decoding.ACCEPT_ENCODING);
        }
        if (hop.body() != null && !own.contains("Content-Type")) {
            hop.body().contentType().ifPresent(t -> h.add("Content-Type", t));
        }
        if (jarCookies != null) {
            String given = own.contains("Cookie") ? own.firstOrNull("Cookie")
                    : !credentials ? null
                    : session.contains("Cookie") ? session.firstOrNull("Cookie") : client.firstOrNull("Cookie");
            h.set("Cookie", given == null ? jarCookies : given + "; " + jarCookies);
        }
        return h.build();
    }
}
