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
    Scope NONE = new Scope() {
        @Override
        public URI baseUrl() {
            return null;
        }

        @Override
        public Headers headers() {
            return Headers.empty();
        }

        @Override
        public CookieJar jar() {
            return null;
        }

        @Override
        public Retry retry() {
            return null;
        }
    };

    /** The base URL relative request URLs resolve against, or null. */
    URI baseUrl();

    /** Headers added to every request that does not set them. */
    Headers headers();

    /** The shared jar, or null when requests share no cookies. */
    CookieJar jar();

    /** The retry policy of this scope's requests, or null for the client's. */
    Retry retry();
}
