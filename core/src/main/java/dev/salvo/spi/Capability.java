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
    HTTP2("the stack has no HTTP/2 support");

    private final String missingReason;

    Capability(String missingReason) {
        this.missingReason = missingReason;
    }

    /** Why a transport lacking this capability cannot pass a test that needs it. */
    public String missingReason() {
        return missingReason;
    }
}
