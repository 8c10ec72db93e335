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

    public SalvoException(ErrorType type, String message) {
        this(type, message, null, null);
    }

    public SalvoException(ErrorType type, String message, Throwable cause) {
        this(type, message, cause, null);
    }

    /** For {@link ErrorType#HTTP_STATUS}: the response whose status was an error. */
    public SalvoException(ErrorType type, String message, Throwable cause, Response response) {
        super(type + ": " + message, cause);
        this.type = Objects.requireNonNull(type, "type");
        this.detail = message;
        this.response = response;
    }

    /** Which fault this is. */
    public ErrorType type() {
        return type;
    }

    /** The message without the type prefix. */
    public String detail() {
        return detail;
    }

    /** The response that caused this exception, for {@link ErrorType#HTTP_STATUS}; otherwise null. */
    public Response response() {
        return response;
    }
}
