package dev.salvo.spi;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The HTTP/1.1 wire rules every transport applies the same way (RFC 9112, RFC 9110): which request
 * headers belong to the transport's framing, which responses have no body, what makes a response
 * head malformed, and the limits on a head and a body, with their error messages.
 *
 * <p>A response head that breaks a rule is {@link ErrorType#PROTOCOL}, and the transport must then
 * close that connection rather than return it to its pool: a head whose framing is ambiguous (for
 * example {@code Transfer-Encoding} together with {@code Content-Length}, or two different
 * lengths) leaves the connection at an unknown place in the byte stream, where the next request
 * would read the rest of this response as its own. Where a stack's own parser is more lenient, the
 * transport calls {@link #checkHead} on the parsed head before handing the response to core; where
 * the stack is stricter, its own error is mapped to the same type.
 *
 * <p>Everything here is pure and cheap: {@link #checkHead} looks at each header field once and
 * allocates one small object for a well-formed head.
 */
public final class WireRules {
    /** The longest status line accepted, in bytes. */
    public static final int MAX_STATUS_LINE_BYTES = 16 * 1024;
    /**
     * The most bytes the header fields of one response head may take, counted as each field's
     * name, value and four bytes of separators ({@code ": "} and CRLF); the same limit as OkHttp's
     * and browsers' (256 KiB). A head with more is {@link ErrorType#PROTOCOL}, never an
     * out-of-memory.
     */
    public static final int MAX_HEADER_BYTES = 256 * 1024;
    /** The most header fields one response head may have (a response with thousands of Set-Cookie lines passes). */
    public static final int MAX_HEADER_FIELDS = 10_000;

    /**
     * Request headers a transport never sends as given: the message framing and the hop-by-hop
     * fields its stack writes itself ({@code Content-Length}, {@code Transfer-Encoding}, {@code TE},
     * {@code Trailer}, {@code Upgrade}, {@code Keep-Alive}, {@code Proxy-Connection}). {@code Host}
     * is not among them: see {@link Capability#HOST_OVERRIDE}.
     */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "te", "trailer",
            "upgrade", "keep-alive", "proxy-connection");

    private WireRules() {
    }

    /** Whether the transport writes request header {@code name} itself, so that the user's value is dropped. */
    public static boolean isFraming(String name) {
        return FRAMING.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the response to {@code method} with {@code status} has no body, whatever its headers
     * say (RFC 9112 section 6.3): a response to HEAD, an interim 1xx, 204 and 304.
     */
    public static boolean hasNoBody(String method, int status) {
        return status < 200 || status == 204 || status == 304 || "HEAD".equals(method);
    }

    /**
     * The problem with a response head, or null when it may be used. A problem is always a
     * {@link ErrorType#PROTOCOL} exception; the transport fails the exchange with it and closes the
     * connection. Checked: the status code is in 100..599 (RFC 9110 section 15); at most
     * {@link #MAX_HEADER_FIELDS} fields of at most {@link #MAX_HEADER_BYTES} in all; no CR, LF or NUL
     * in a name or value (a stack that splits a line at a bare CR cannot be checked here, and says
     * so); {@code Content-Length} is digits only, and where it is repeated (as fields or as a
     * list) every value is the same; and never {@code Transfer-Encoding} together with
     * {@code Content-Length} (RFC 9112 section 6.3: the message must be treated as an error).
     *
     * @param request the exchange's request, named in the message
     * @param status  the status code as the stack parsed it
     * @param headers the response's header fields, as received
     */
    public static SalvoException checkHead(TransportRequest request, int status, Headers headers) {
        if (status < 100 || status > 599) {
            return protocol(request, "the response status " + status + " is outside 100..599");
        }
        return checkFields(request, headers);
    }

    private static SalvoException checkFields(TransportRequest request, Headers headers) {
        int count = headers.size();
        if (count > MAX_HEADER_FIELDS) {
            return protocol(request, "the response has " + count + " header fields, more than the limit of "
                    + MAX_HEADER_FIELDS);
        }
        FieldCheck check = new FieldCheck();
        headers.forEach(check);
        if (check.bytes > MAX_HEADER_BYTES) {
            return protocol(request, "the response head has " + check.bytes + " bytes of header fields, more than "
                    + "the limit of " + MAX_HEADER_BYTES);
        }
        if (check.problem != null) {
            return protocol(request, check.problem);
        }
        if (check.transferEncoding && check.length != null) {
            return protocol(request, "the response has both Transfer-Encoding and Content-Length, so its length "
                    + "is ambiguous (RFC 9112 section 6.3)");
        }
        return null;
    }

    /**
     * The failure for a response header field the stack passed on but core's {@link Headers}
     * refused (an illegal name, or a CR, LF or NUL in a value): {@code e} is what
     * {@link Headers.Builder#add} threw.
     */
    public static SalvoException invalidField(TransportRequest request, IllegalArgumentException e) {
        return new SalvoException(ErrorType.PROTOCOL, "the response has an invalid header field: " + e.getMessage()
                + (request == null ? "" : " (" + request + ")"), e);
    }

    /** One pass over a head's fields: their size, the first problem, and the framing fields seen. */
    private static final class FieldCheck implements BiConsumer<String, String> {
        long bytes;
        String problem;
        String length;
        boolean transferEncoding;

        @Override
        public void accept(String name, String value) {
            bytes += name.length() + value.length() + 4L;
            if (problem != null) {
                return;
            }
            if (hasControl(name) || hasControl(value)) {
                problem = "the response header " + printable(name) + " holds a CR, LF or NUL";
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                transferEncoding = true;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                problem = sameLength(value);
            }
        }

        /** Checks one Content-Length field value (possibly a list) against the length seen so far. */
        private String sameLength(String fieldValue) {
            int start = 0;
            int n = fieldValue.length();
            while (true) {
                int comma = fieldValue.indexOf(',', start);
                int end = comma < 0 ? n : comma;
                String v = fieldValue.substring(start, end).trim();
                if (!isDigits(v)) {
                    return "the response's Content-Length '" + printable(fieldValue) + "' is not a number of bytes";
                }
                String canonical = stripZeros(v);
                if (canonical.length() > 18) {
                    return "the response's Content-Length " + printable(canonical) + " is too large";
                }
                if (length == null) {
                    length = canonical;
                } else if (!length.equals(canonical)) {
                    return "the response has conflicting Content-Lengths (" + length + " and " + canonical + ")";
                }
                if (comma < 0) {
                    return null;
                }
                start = comma + 1;
            }
        }
    }

    /**
     * The body length a head declares: -1 when it has no {@code Content-Length} (chunked, or read
     * until close), else the length. Call only on a head {@link #checkHead} accepted.
     */
    public static long declaredLength(Headers headers) {
        String v = headers.firstOrNull("Content-Length");
        if (v == null || headers.contains("Transfer-Encoding")) {
            return -1;
        }
        int comma = v.indexOf(',');
        return Long.parseLong((comma < 0 ? v : v.substring(0, comma)).trim());
    }

    /** The failure for a response body larger than {@code cap} bytes. */
    public static SalvoException bodyTooLarge(TransportRequest request, long cap) {
        return new SalvoException(ErrorType.BODY_TOO_LARGE, "the response body exceeds the cap of " + cap
                + " bytes (" + request + ")");
    }

    /** The failure for a response that declares a body of {@code declared} bytes, over {@code cap}. */
    public static SalvoException bodyTooLarge(TransportRequest request, long cap, long declared) {
        return new SalvoException(ErrorType.BODY_TOO_LARGE, "the response body exceeds the cap of " + cap
                + " bytes: Content-Length is " + declared + " (" + request + ")");
    }

    /** A {@link ErrorType#PROTOCOL} failure of {@code request} saying {@code what} broke the rules. */
    public static SalvoException protocol(TransportRequest request, String what) {
        return new SalvoException(ErrorType.PROTOCOL, what + (request == null ? "" : " (" + request + ")"));
    }

    private static boolean isDigits(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code s} with control characters escaped and cut to 100 characters, for a message. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 100) + 8);
        for (int i = 0; i < s.length() && b.length() < 100; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > 100 ? b + "..." : b.toString();
    }
}
