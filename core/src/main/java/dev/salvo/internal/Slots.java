package dev.salvo.internal;

import dev.salvo.Response;
import dev.salvo.SalvoException;

/**
 * How a {@link Call} talks to its batch: a retrying call gives its place back while it waits out
 * a backoff and asks for one again when the wait is over, and the call's end, after its
 * callback, goes to the batch the same way. A call sent on its own ({@code send},
 * {@code execute}) has no batch: {@link #ALONE} lets it go again at once, and its caller follows
 * its result itself.
 *
 * <p>Every method may be called from any thread (a transport's, core's pool or timer).
 */
interface Slots {
    Slots ALONE = new Slots() {
        @Override
        public boolean takeRetry() {
            return true;
        }

        @Override
        public void backingOff(Call call, int attempt, SalvoException cause) {
        }

        @Override
        public void resumeWhenFree(Call call) {
            call.resume(true);
        }

        @Override
        public void ended(Response response, Throwable error) {
        }
    };

    /** Takes one retry from the batch's budget; false when it is spent. */
    boolean takeRetry();

    /** Attempt {@code attempt} failed with {@code cause} and the call now waits out its backoff, holding no place. */
    void backingOff(Call call, int attempt, SalvoException cause);

    /** The backoff is over: call {@link Call#resume} once the call has a place again. */
    void resumeWhenFree(Call call);

    /** The request ended, after its callback: with {@code response}, or else {@code error}. */
    void ended(Response response, Throwable error);
}
