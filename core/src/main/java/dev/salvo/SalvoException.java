package dev.salvo;

import java.util.Objects;

/**
 * The one exception type of Salvo's request failures, carrying an {@link ErrorType} that says
 * which fault happened, identically on every transport.
 *
 * <p>Inspect {@link #type()} rather than the message or the cause: the cause is the underlying
 * stack's exception and differs between transports.
 */
public class SalvoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final String detail;
    private final transient Response response;
    private final int attempts;

    public SalvoException(ErrorType type, String message) {
        this(type, message, null, null);
    }

    public SalvoException(ErrorType type, String message, Throwable cause) {
        this(type, message, cause, null);
    }

    /** For {@link ErrorType#HTTP_STATUS}: the response whose status was an error. */
    public SalvoException(ErrorType type, String message, Throwable cause, Response response) {
        this(type, message, cause, response, 1);
    }

    /** A failure that ended a request after {@code attempts} attempts (see {@link Retry}). */
    public SalvoException(ErrorType type, String message, Throwable cause, Response response, int attempts) {
        super(type + ": " + message, cause);
        this.type = Objects.requireNonNull(type, "type");
        this.detail = message;
        this.response = response;
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: must be >= 1, got " + attempts);
        }
        this.attempts = attempts;
    }

    /** Which fault this is. */
    public ErrorType type() {
        return type;
    }

    /** The message without the type prefix. */
    public String detail() {
        return detail;
    }

    /** How many attempts the request made before failing: 1 unless it was {@linkplain Retry retried}. */
    public int attempts() {
        return attempts;
    }

    /** The response that caused this exception, for {@link ErrorType#HTTP_STATUS}; otherwise null. */
    public Response response() {
        return response;
    }
}
