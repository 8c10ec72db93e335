package dev.salvo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The one rule turning whatever a stage of a request throws into the typed failure that ends it. */
class UnexpectedTest {

    @Test
    void aSalvoExceptionStaysAsItIsEvenWrapped() {
        SalvoException e = new SalvoException(ErrorType.PROTOCOL, "bad chunk");
        assertThat(Unexpected.typed(new CompletionException(e), ErrorType.IO, "x")).isSameAs(e);
    }

    @Test
    void anErrorBecomesTheGivenTypeWithTheErrorAsCause() {
        StackOverflowError error = new StackOverflowError("deep");
        SalvoException e = Unexpected.typed(new CompletionException(error), ErrorType.IO, "handling GET http://a.test/");
        assertThat(e.type()).isEqualTo(ErrorType.IO);
        assertThat(e.getCause()).isSameAs(error);
        assertThat(e.getMessage()).contains("handling GET http://a.test/").contains("StackOverflowError");
    }

    @Test
    void runningOutOfMemoryWhileDecodingIsBodyTooLarge() {
        assertThat(Unexpected.whileDecoding(new OutOfMemoryError("Java heap space"))).isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(Unexpected.whileDecoding(new CompletionException(new OutOfMemoryError()))).isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(Unexpected.whileDecoding(new InternalError("zlib"))).isEqualTo(ErrorType.IO);
    }

    @Test
    void aGuardedStageHandsOnWhatItThrowsAndSurvivesAFailingHandler() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AssertionError thrown = new AssertionError("stage");
        Unexpected.guard(() -> {
            throw thrown;
        }, seen::set).run();
        assertThat(seen.get()).isSameAs(thrown);

        Unexpected.guard(() -> {
            throw thrown;
        }, t -> {
            throw new OutOfMemoryError("the handler failed too");
        }).run(); // must not throw: the thread running the stage survives
    }
}
