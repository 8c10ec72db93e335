package dev.salvo.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one blocking body stream fed by a stack: reads, demand, timeout, failure, early close. */
class QueuedBodyStreamTest {

    /** A chunk of bytes that knows whether it was released. */
    static final class Chunk {
        final byte[] bytes;
        int pos;
        boolean released;

        Chunk(String s) {
            bytes = s.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** A stack that records demands and aborts. */
    static final class Stack implements QueuedBodyStream.Feed<Chunk> {
        int demands;
        final List<SalvoException> aborts = new ArrayList<>();

        @Override
        public int remaining(Chunk c) {
            return c.bytes.length - c.pos;
        }

        @Override
        public void take(Chunk c, byte[] dst, int off, int n) {
            System.arraycopy(c.bytes, c.pos, dst, off, n);
            c.pos += n;
        }

        @Override
        public void release(Chunk c) {
            c.released = true;
        }

        @Override
        public void demand() {
            demands++;
        }

        @Override
        public void abort(SalvoException reason) {
            aborts.add(reason);
        }
    }

    private final Stack stack = new Stack();

    private QueuedBodyStream<Chunk> stream(long timeoutNanos, long readAhead) {
        return new QueuedBodyStream<>(ActiveExchangesTest.GET, timeoutNanos, readAhead, stack);
    }

    private static SalvoException causeOf(Throwable t) {
        assertThat(t).isInstanceOf(IOException.class).hasCauseInstanceOf(SalvoException.class);
        return (SalvoException) t.getCause();
    }

    @Test
    void readsTheChunksInOrderAndEndsAfterThem() throws IOException {
        QueuedBodyStream<Chunk> in = stream(0, 1);
        Chunk a = new Chunk("hello ");
        in.offer(a);
        in.offer(new Chunk("world"));
        in.end();
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(a.released).as("a chunk read whole is released").isTrue();
        assertThat(in.read()).isEqualTo(-1);
        in.close();
        assertThat(stack.aborts).as("closing after the end aborts nothing").isEmpty();
    }

    @Test
    void asksForMoreOnlyWhileLessThanTheReadAheadWaits() throws IOException {
        QueuedBodyStream<Chunk> in = stream(0, 8);
        in.offer(new Chunk("0123456789"));
        in.delivered();
        assertThat(stack.demands).as("10 bytes wait, read-ahead 8").isZero();
        assertThat(in.read(new byte[4])).isEqualTo(4);
        assertThat(stack.demands).as("6 bytes wait").isEqualTo(1);
        assertThat(in.read(new byte[6])).isEqualTo(6);
        assertThat(stack.demands).as("one demand outstanding at a time").isEqualTo(1);
        in.delivered();
        assertThat(stack.demands).as("answered, and nothing waits").isEqualTo(2);
        assertThat(in.buffered()).isZero();
    }

    @Test
    void aReadWaitingLongerThanTheReadTimeoutFailsAndAbortsTheExchange() {
        QueuedBodyStream<Chunk> in = stream(TimeUnit.MILLISECONDS.toNanos(20), 1);
        Throwable t = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, in::read);
        SalvoException e = causeOf(t);
        assertThat(e.type()).isEqualTo(ErrorType.READ_TIMEOUT);
        assertThat(e.getMessage()).contains("20 ms").contains("GET http://h/x");
        assertThat(stack.aborts).containsExactly(e);
        assertThatThrownBy(in::read).as("later reads").hasCause(e);
    }

    @Test
    void aFailureComesAfterTheBytesAlreadyHere() throws IOException {
        QueuedBodyStream<Chunk> in = stream(0, 1);
        in.offer(new Chunk("ab"));
        SalvoException closed = new SalvoException(ErrorType.CLIENT_CLOSED, "closed");
        in.fail(closed);
        Chunk late = new Chunk("c");
        in.offer(late);
        assertThat(late.released).as("a chunk after the failure is dropped").isTrue();
        assertThat(in.readNBytes(2)).containsExactly('a', 'b');
        assertThatThrownBy(in::read).hasCause(closed);
        assertThat(stack.aborts).as("the exchange failed it: nothing to abort").isEmpty();
    }

    @Test
    void closingBeforeTheEndAbortsAsCancelledAndReleasesWhatWaits() {
        QueuedBodyStream<Chunk> in = stream(0, 1);
        Chunk waiting = new Chunk("unread");
        in.offer(waiting);
        in.close();
        in.close();
        assertThat(waiting.released).isTrue();
        assertThat(stack.aborts).hasSize(1);
        assertThat(stack.aborts.get(0).type()).isEqualTo(ErrorType.CANCELLED);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("stream closed");
        Chunk after = new Chunk("x");
        in.offer(after);
        assertThat(after.released).as("a chunk arriving after close").isTrue();
        assertThat(in.buffered()).isZero();
    }

    @Test
    void aBlockedReaderWakesForAChunkFromAnotherThread() throws Exception {
        QueuedBodyStream<Chunk> in = stream(0, 1);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return in.read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        in.offer(new Chunk("z"));
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo((int) 'z');
    }

    @Test
    void anInterruptedReaderGetsInterruptedIOExceptionAndKeepsItsInterrupt() {
        QueuedBodyStream<Chunk> in = stream(0, 1);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(in::read).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aReadAheadBelowOneIsRefused() {
        assertThatThrownBy(() -> stream(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
