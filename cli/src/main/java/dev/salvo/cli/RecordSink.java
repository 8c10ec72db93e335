package dev.salvo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;

/**
 * Where JSON lines go: as they complete, or in input order.
 *
 * <p>In input order ({@code --ordered}) a line is written as soon as every line before it has
 * been; only lines that finished ahead of an unfinished earlier one are held, as serialized
 * text. How many that is depends on the slowest request, not on the input's length: at most
 * the records that complete while the oldest unfinished request is still running. With similar
 * latencies that is about the concurrency; a straggler holds back (requests per second) ×
 * (its lifetime) records, and its lifetime is capped by the timeouts (the read timeout, 30 s of
 * silence by default, and {@code --timeout} per attempt times the attempts). {@link #peakHeld()}
 * reports the high-water mark.
 */
abstract class RecordSink implements AutoCloseable {
    private final Writer out;
    private final boolean closeOut;

    RecordSink(Writer out, boolean closeOut) {
        this.out = out;
        this.closeOut = closeOut;
    }

    static RecordSink of(Writer out, boolean ordered, boolean closeOut) {
        return ordered ? new Ordered(out, closeOut) : new Unordered(out, closeOut);
    }

    /** A sink that writes nothing ({@code salvo demo}). */
    static RecordSink discard() {
        return new Unordered(Writer.nullWriter(), false);
    }

    /** Takes the record for request {@code index}; each index from 0 up comes exactly once. */
    abstract void accept(long index, String json);

    /** The most records held back at once, waiting for an earlier one. */
    abstract int peakHeld();

    void write(String json) {
        try {
            out.write(json);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the output: " + e.getMessage(), e);
        }
        if (out instanceof java.io.PrintWriter pw && pw.checkError()) {
            throw new UncheckedIOException("the output was closed; stopped early", new IOException("output closed"));
        }
    }

    @Override
    public void close() {
        try {
            if (closeOut) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing the output: " + e.getMessage(), e);
        }
    }

    private static final class Unordered extends RecordSink {
        Unordered(Writer out, boolean closeOut) {
            super(out, closeOut);
        }

        @Override
        void accept(long index, String json) {
            write(json);
        }

        @Override
        int peakHeld() {
            return 0;
        }
    }

    private static final class Ordered extends RecordSink {
        private final Map<Long, String> held = new HashMap<>();
        private long next;
        private int peak;

        Ordered(Writer out, boolean closeOut) {
            super(out, closeOut);
        }

        @Override
        void accept(long index, String json) {
            if (index != next) {
                held.put(index, json);
                peak = Math.max(peak, held.size());
                return;
            }
            write(json);
            next++;
            for (String h; (h = held.remove(next)) != null; next++) {
                write(h);
            }
        }

        @Override
        int peakHeld() {
            return peak;
        }

        @Override
        public void close() {
            if (!held.isEmpty()) {
                // Cannot happen when every index came once; say so rather than drop lines silently.
                throw new IllegalStateException(held.size() + " records never got their turn; first missing index " + next);
            }
            super.close();
        }
    }
}
