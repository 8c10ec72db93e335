package dev.salvo.internal;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import dev.salvo.spi.Failures;
import java.util.function.Consumer;

/**
 * The one rule for whatever a stage of a request throws that its code did not expect, an
 * {@link Error} included: it becomes a typed {@link SalvoException} (with the throwable as its
 * cause) that ends that request, instead of being lost on the thread that ran the stage and
 * leaving the request pending forever (design rule 22).
 *
 * <p>The stages run on threads nobody watches: a transport's I/O thread completing an exchange,
 * core's callback pool and timer, and the callbacks of {@code CompletableFuture}s, which swallow
 * what their actions throw. {@link Call} and {@link Launcher} run every such stage through
 * {@link #guard}, and the places that turn a throwable into the request's failure use
 * {@link #typed} and {@link #whileDecoding}.
 */
final class Unexpected {
    private Unexpected() {
    }

    /**
     * {@code t} as the failure that ends a request: a {@link SalvoException} (unwrapped from a
     * {@code CompletionException}) as it is, anything else as {@code type} with {@code t} as its
     * cause and {@code what} saying what failed.
     */
    static SalvoException typed(Throwable t, ErrorType type, String what) {
        Throwable e = Failures.unwrap(t);
        if (e instanceof SalvoException se) {
            return se;
        }
        return new SalvoException(type, what + ": " + e, e);
    }

    /**
     * The type of {@code t} thrown while decoding a body: running out of memory there means the
     * body was too large to hold ({@link ErrorType#BODY_TOO_LARGE}); anything else is
     * {@link ErrorType#IO}.
     */
    static ErrorType whileDecoding(Throwable t) {
        return Failures.unwrap(t) instanceof OutOfMemoryError ? ErrorType.BODY_TOO_LARGE : ErrorType.IO;
    }

    /**
     * {@code stage}, such that whatever it throws is handed to {@code onThrow} (which ends the
     * request) rather than escaping to a thread or future that would drop it. What
     * {@code onThrow} itself throws is dropped: the thread running the stage must survive it.
     */
    static Runnable guard(Runnable stage, Consumer<Throwable> onThrow) {
        return () -> run(stage, onThrow);
    }

    /** Runs {@code stage} now, as {@link #guard} would. */
    static void run(Runnable stage, Consumer<Throwable> onThrow) {
        try {
            stage.run();
        } catch (Throwable t) {
            try {
                onThrow.accept(t);
            } catch (Throwable ignored) {
                // ending the request failed too (no memory left, say): nothing more can be done here
            }
        }
    }
}
