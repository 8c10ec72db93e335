package dev.salvo;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What can send requests: a {@link Salvo} client (no shared state between requests) or a
 * {@link Session} (cookies, default headers, base URL and auth shared by its requests).
 *
 * <p>Batch forms follow grequests:
 * <ul>
 *   <li>{@link #map} returns one slot per input request, in input order: the response, or for a
 *       failure the error handler's value (null without a handler).
 *   <li>{@link #imap} yields responses in completion order; a failure yields the handler's value
 *       when it is not null, else nothing.
 *   <li>{@link #imapEnumerated} yields every request's {@link Outcome} (with its index) in
 *       completion order, failures included.
 *   <li>{@link #mapOutcomes} is the typed form of map: every outcome, in input order.
 * </ul>
 * At most {@link Batch#concurrency()} requests are in flight. Lazy inputs are pulled on the
 * consuming thread, at most that many ahead of the requests in flight (so that a finished
 * request's place goes to the next one at once), and at most twice that many are taken and not
 * yet handed back: an endless stream runs in bounded memory. Streams returned by the imap forms
 * must be closed (try-with-resources) when not read to the end: closing cancels what is left.
 */
public interface Client {

    /**
     * Sends one request. The future completes on a Salvo thread (never an I/O thread) with the
     * response, or exceptionally with a {@link SalvoException}. Cancelling it aborts the exchange.
     */
    CompletableFuture<Response> send(Request request);

    /** Sends one request and waits: the response, or a thrown {@link SalvoException}. */
    Response execute(Request request);

    /** {@link #map(Collection, Batch)} with {@link Batch#defaults()}. */
    default List<Response> map(Collection<Request> requests) {
        return map(requests, Batch.defaults());
    }

    /** grequests' map: one slot per request in input order; a failure is the handler's value or null. */
    List<Response> map(Collection<Request> requests, Batch batch);

    /** Every request's outcome, in input order. */
    List<Outcome> mapOutcomes(Collection<Request> requests, Batch batch);

    /** {@link #imap(Iterable, Batch)} with {@link Batch#defaults()}. */
    default Stream<Response> imap(Iterable<Request> requests) {
        return imap(requests, Batch.defaults());
    }

    /** grequests' imap over a lazily pulled input; completion order. */
    Stream<Response> imap(Iterable<Request> requests, Batch batch);

    /** grequests' imap over a lazily pulled stream; completion order. The input stream is closed with the result. */
    Stream<Response> imap(Stream<Request> requests, Batch batch);

    /** Every outcome with its input index, in completion order. */
    Stream<Outcome> imapEnumerated(Iterable<Request> requests, Batch batch);

    /** Every outcome with its input index, in completion order, over a lazily pulled stream. */
    Stream<Outcome> imapEnumerated(Stream<Request> requests, Batch batch);
}
