package dev.salvo.internal;

import dev.salvo.SalvoException;

/**
 * How a retrying {@link Call} shares its batch's concurrency: it gives its place back while it
 * waits out a backoff, and asks for one again when the wait is over. A call sent on its own
 * ({@code send}, {@code execute}) has no batch: {@link #ALONE} lets it go again at once.
 *
 * <p>Every method may be called from any thread (a transport's, or core's timer).
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
    };

    /** Takes one retry from the batch's budget; false when it is spent. */
    boolean takeRetry();

    /** Attempt {@code attempt} failed with {@code cause} and the call now waits out its backoff, holding no place. */
    void backingOff(Call call, int attempt, SalvoException cause);

    /** The backoff is over: call {@link Call#resume} once the call has a place again. */
    void resumeWhenFree(Call call);
}
