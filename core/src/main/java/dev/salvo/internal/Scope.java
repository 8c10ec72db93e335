package dev.salvo.internal;

import dev.salvo.Headers;
import dev.salvo.Retry;
import java.net.URI;

/**
 * What requests sent through one client or session share: a base URL, default headers
 * (including a session's Authorization) and a cookie jar. A plain client's scope shares nothing:
 * each of its requests gets its own jar, which lives only through its redirects.
 */
public interface Scope {
    /** A plain client's scope: no base URL, no default headers, no shared jar, the client's retry policy. */
    Scope NONE = of(null, Headers.empty(), null, null);

    /** A scope of these parts; any but {@code headers} may be null, meaning none (see each accessor). */
    static Scope of(URI baseUrl, Headers headers, CookieJar jar, Retry retry) {
        return new Parts(baseUrl, headers, jar, retry);
    }

    /** The base URL relative request URLs resolve against, or null. */
    URI baseUrl();

    /** Headers added to every request that does not set them. */
    Headers headers();

    /** The shared jar, or null when requests share no cookies. */
    CookieJar jar();

    /** The retry policy of this scope's requests, or null for the client's. */
    Retry retry();

    /** The parts of a scope, as given to {@link #of}. */
    record Parts(URI baseUrl, Headers headers, CookieJar jar, Retry retry) implements Scope {
    }
}
