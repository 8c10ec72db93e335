package dev.salvo;

/**
 * grequests' {@code exception_handler}: called with a failed request and its error; what it
 * returns takes the failure's place ({@code map} puts it in the slot, {@code imap} yields it
 * unless it is null).
 *
 * <p>Runs on the thread that consumes the batch (the caller of {@code map}, or the thread
 * iterating an {@code imap} stream). If it throws, the exception propagates to that thread.
 */
@FunctionalInterface
public interface ErrorHandler {
    Response handle(Request request, SalvoException error);
}
