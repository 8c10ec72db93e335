package dev.salvo;

import dev.salvo.internal.CookieJar;
import dev.salvo.internal.Engine;
import dev.salvo.internal.Scope;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Requests that share state, like a requests {@code Session}: a cookie jar, default headers, a
 * base URL for relative request URLs, and authentication. Cookies set by responses to a
 * session's requests are sent by its later requests (matched by domain, path and Secure); no
 * other session or client sees them. The jar keeps and sends cookies as a browser does, and
 * ignores what a browser would ignore: a Domain that is a public suffix, Secure cookies from
 * http, cookies past its bounds (see {@code internal.CookieJar}).
 *
 * <p>A session sends through the client that made it and needs no closing of its own. It is
 * thread-safe: one session may serve many batches at once. The session's credentials (its
 * Authorization, and default Cookie or Proxy-Authorization headers) go only to the origin
 * (scheme, host and port) a request was sent to: a redirect to another origin carries none of
 * them, and only the cookies the jar holds for the new origin.
 */
public final class Session extends AbstractClient {
    private final URI baseUrl;
    private final CookieJar jar;

    private Session(Engine engine, URI baseUrl, Headers headers, CookieJar jar, Retry retry) {
        super(engine, Scope.of(baseUrl, headers, jar, retry));
        this.baseUrl = baseUrl;
        this.jar = jar;
    }

    /** The cookies held now (expired ones dropped). */
    public List<Cookie> cookies() {
        return jar.all();
    }

    /** Adds or replaces a cookie. */
    public void setCookie(Cookie cookie) {
        jar.put(Objects.requireNonNull(cookie, "cookie"), Instant.now());
    }

    /** Forgets every cookie. */
    public void clearCookies() {
        jar.clear();
    }

    /** The base URL, or null. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Builds a {@link Session}; made by {@link Salvo#newSession()}. */
    public static final class Builder {
        private final Engine engine;
        private URI baseUrl;
        private final Headers.Builder headers = Headers.builder();
        private final CookieJar jar = new CookieJar();
        private Retry retry;

        Builder(Engine engine) {
            this.engine = engine;
        }

        /** Relative request URLs are appended to this absolute URL ({@code /items/1} against {@code https://api/v1}). */
        public Builder baseUrl(String baseUrl) {
            URI uri = Urls.parseUrl("session baseUrl", baseUrl, false);
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("session baseUrl '" + baseUrl + "': must not have a query or fragment");
            }
            this.baseUrl = uri;
            return this;
        }

        /**
         * A header sent with each of the session's requests that does not set it; a credential
         * (Authorization, Proxy-Authorization, Cookie) only to the origin the request was sent to.
         */
        public Builder header(String name, String value) {
            headers.set(name, value);
            return this;
        }

        public Builder basicAuth(String user, String password) {
            headers.set("Authorization", Checks.basic(user, password));
            return this;
        }

        public Builder bearerAuth(String token) {
            headers.set("Authorization", "Bearer " + Objects.requireNonNull(token, "bearer token"));
            return this;
        }

        /** A cookie the session starts with. */
        public Builder cookie(Cookie cookie) {
            jar.put(Objects.requireNonNull(cookie, "cookie"), Instant.now());
            return this;
        }

        /** The retry policy of the session's requests, unless a batch or request sets its own. */
        public Builder retry(Retry retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public Session build() {
            engine.checkOpen();
            return new Session(engine, baseUrl, headers.build().requireAsciiValues(), jar, retry);
        }
    }
}
