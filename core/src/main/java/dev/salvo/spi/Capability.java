package dev.salvo.spi;

/**
 * An ability beyond the baseline that a transport may lack. The conformance kit skips a test
 * needing an absent capability and prints the capability and why it matters.
 */
public enum Capability {
    /** Exposes the reason phrase the server sent (the JDK client hides it; core then uses the standard phrase). */
    REASON_PHRASE("the stack does not expose the server's reason phrase"),
    /** Sends a Host header set by the user instead of the one derived from the URL. */
    HOST_OVERRIDE("the stack always derives Host from the URL"),
    /**
     * Makes exactly one exchange per attempt: the stack never repeats a request by itself, so
     * that core's retry policy alone decides, and the server sees each attempt once.
     */
    EXACT_ATTEMPTS("the stack repeats a GET once by itself when the connection closes before any response byte"),
    /** Speaks HTTP/2 when asked. */
    HTTP2("the stack has no HTTP/2 support"),
    /**
     * Sees every malformed response head: the stack's parser rejects (or passes on, for
     * {@link WireRules#checkHead} to reject) a bare CR in a header line and a status code of more
     * than three digits, instead of repairing them into a head that looks well-formed.
     */
    STRICT_HEAD_PARSING("the stack's head parser repairs malformed heads silently: it ends a header line at a bare"
            + " CR and drops what came before it ('X-A: a\\rX-B: b' arrives as 'X-B: b'), and reads only the first"
            + " three digits of the status code"),
    /**
     * Times the read timeout between the bytes of the response head too: a head that keeps
     * arriving, however slowly, never times out, as with the body.
     */
    IDLE_TIMEOUT_IN_HEAD("the stack gives no signal while the response head arrives, so the read timeout times"
            + " the whole head (from the request being sent to the head being complete), not the quiet time"
            + " between its bytes"),
    /**
     * Closes the connection when the stack's own parser rejects a response head (as it does when
     * {@link WireRules#checkHead} rejects one), instead of only never reusing it.
     */
    CLOSE_ON_PARSE_ERROR("the stack leaves the connection open when its own parser rejects a response head (a NUL"
            + " in a field, a head over its size limit): never reused, but closed only when the server closes it"
            + " or the client is closed (on Java 17, where the JDK's client cannot be shut down: when it is collected)"),
    /**
     * Closes every connection and ends every thread of the stack in {@code close()}, idle pooled
     * connections included, before it returns.
     */
    RELEASE_ON_CLOSE("the stack cannot be shut down (the JDK's HttpClient before Java 21): close() fails the"
            + " exchanges in progress and closes their connections, but idle pooled connections and the"
            + " client's selector thread end only when the JVM collects the client, the server closes them,"
            + " or the keep-alive timeout passes");

    private final String missingReason;

    Capability(String missingReason) {
        this.missingReason = missingReason;
    }

    /** Why a transport lacking this capability cannot pass a test that needs it. */
    public String missingReason() {
        return missingReason;
    }
}
