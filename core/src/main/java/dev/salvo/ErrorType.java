package dev.salvo;

/**
 * What went wrong with a request, the same on every transport for the same fault.
 *
 * <p>Transports map their stack's exceptions onto these kinds, and the conformance kit checks
 * that each fault of the test server yields the same kind everywhere.
 */
public enum ErrorType {
    /** Nothing listened at the address: the connection was refused. */
    CONNECT_REFUSED(false),
    /** The host name could not be resolved. */
    UNKNOWN_HOST(false),
    /** The TCP (and TLS) connection was not established within the connect timeout. */
    CONNECT_TIMEOUT(true),
    /** No byte arrived for longer than the read timeout while waiting for or reading a response. */
    READ_TIMEOUT(true),
    /** One attempt (with its redirects) took longer than the request timeout. */
    REQUEST_TIMEOUT(true),
    /** The request, across all its attempts and the waits between them, took longer than its total timeout. */
    TOTAL_TIMEOUT(true),
    /** The batch deadline passed before this request finished; it was cancelled. */
    DEADLINE_EXCEEDED(true),
    /** TLS failed: untrusted certificate, hostname mismatch, handshake failure, or a client certificate refused. */
    TLS(false),
    /** The peer closed or reset the connection before sending a response head. */
    CONNECTION_RESET(false),
    /** The response broke HTTP: a malformed status line or headers, a bad chunk, or a body cut short. */
    PROTOCOL(false),
    /** The response body (raw or decompressed) was larger than the configured cap. */
    BODY_TOO_LARGE(false),
    /** More redirects than the configured limit. */
    TOO_MANY_REDIRECTS(false),
    /** The request was cancelled by the caller, or its batch was closed early. */
    CANCELLED(false),
    /** The client was closed while the request was pending, or was already closed. */
    CLIENT_CLOSED(false),
    /** The request body could not be produced (an unreadable file or a failing stream). */
    REQUEST_BODY(false),
    /** The response had an error status and raise-for-status was asked for. */
    HTTP_STATUS(false),
    /** A user callback threw; the cause is the callback's exception. */
    CALLBACK(false),
    /** The request cannot be sent by this client (for example a relative URL and no base URL). */
    INVALID_REQUEST(false),
    /** Any other I/O failure. */
    IO(false);

    private final boolean timeout;

    ErrorType(boolean timeout) {
        this.timeout = timeout;
    }

    /** Whether this kind is one of the timeouts (connect, read, request, total, deadline). */
    public boolean isTimeout() {
        return timeout;
    }
}
