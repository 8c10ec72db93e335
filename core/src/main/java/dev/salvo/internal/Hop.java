package dev.salvo.internal;

import dev.salvo.Body;
import dev.salvo.Headers;
import java.net.URI;

/**
 * One exchange of a request: the original, or a redirect's follow-up.
 *
 * @param method       the method to send
 * @param uri          absolute URI
 * @param headers      the request's own headers as they apply to this hop (without credentials once
 *                     the chain has left the original origin)
 * @param body         body, or null
 * @param sameOrigin   whether every hop so far, this one included, went to the original request's
 *                     origin (scheme, host, port), so that credentials from any source may be sent
 *                     (see {@link Redirects})
 */
record Hop(String method, URI uri, Headers headers, Body body, boolean sameOrigin) {
}
