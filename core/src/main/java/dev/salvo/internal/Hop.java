package dev.salvo.internal;

import dev.salvo.Body;
import dev.salvo.Headers;
import java.net.URI;

/**
 * One exchange of a request: the original, or a redirect's follow-up.
 *
 * @param method       the method to send
 * @param uri          absolute URI
 * @param headers      the user's headers as they apply to this hop
 * @param body         body, or null
 * @param sameOrigin   whether this hop still goes to the original host, so that credentials the
 *                     session would add (Authorization) still apply
 */
record Hop(String method, URI uri, Headers headers, Body body, boolean sameOrigin) {
}
