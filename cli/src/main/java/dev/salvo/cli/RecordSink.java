package dev.salvo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

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
    /** How long a written record may wait in the output buffer: the flusher's period. */
    static final long FLUSH_NANOS = 20_000_000;

    private final Writer out;
    private final boolean closeOut;
    /** Flushes the output when records are waiting in it; null for a sink that writes nothing. */
    private final Thread flusher;
    private final Object lock = new Object();
    /** Records written since the last flush; guarded by {@link #lock}. */
    private boolean dirty;
    private volatile boolean closed;
    private volatile IOException failure;

    RecordSink(Writer out, boolean closeOut, boolean flushing) {
        this.out = out;
        this.closeOut = closeOut;
        if (flushing) {
            flusher = new Thread(this::flushWhileOpen, "salvo-output-flusher");
            flusher.setDaemon(true);
            flusher.start();
        } else {
            flusher = null;
        }
    }

    static RecordSink of(Writer out, boolean ordered, boolean closeOut) {
        return ordered ? new Ordered(out, closeOut) : new Unordered(out, closeOut, true);
    }

    /** A sink that writes nothing ({@code salvo demo}). */
    static RecordSink discard() {
        return new Unordered(Writer.nullWriter(), false, false);
    }

    /** False for a sink that writes nothing: the caller need not make the JSON. */
    boolean writes() {
        return flusher != null;
    }

    /** Takes the record for request {@code index}; each index from 0 up comes exactly once. */
    abstract void accept(long index, String json);

    /** The most records held back at once, waiting for an earlier one. */
    abstract int peakHeld();

    /**
     * Writes one line into the output's buffer, not through to the output: a flush per line would be
     * a system call per request. The flusher pushes what is buffered within {@link #FLUSH_NANOS}, so
     * records still appear as their responses come in (as with {@code tail -f urls | salvo fetch}),
     * and a full buffer goes out at once.
     */
    void write(String json) {
        IOException failed = failure;
        if (failed != null) {
            throw new UncheckedIOException("the output was closed; stopped early", failed);
        }
        try {
            synchronized (lock) {
                out.write(json);
                out.write('\n');
                dirty = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the output: " + e.getMessage(), e);
        }
    }

    private void flushWhileOpen() {
        while (!closed) {
            LockSupport.parkNanos(FLUSH_NANOS);
            try {
                flushIfDirty();
            } catch (IOException e) {
                failure = e;
                return;
            }
        }
    }

    private void flushIfDirty() throws IOException {
        synchronized (lock) {
            if (!dirty) {
                return;
            }
            dirty = false;
            out.flush();
            // A PrintWriter (standard output) hides write errors: a closed pipe shows only here.
            if (out instanceof PrintWriter pw && pw.checkError()) {
                throw new IOException("output closed");
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (flusher != null) {
            LockSupport.unpark(flusher);
            try {
                flusher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            synchronized (lock) {
                if (closeOut) {
                    out.close();
                } else {
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing the output: " + e.getMessage(), e);
        }
    }

    private static final class Unordered extends RecordSink {
        Unordered(Writer out, boolean closeOut, boolean flushing) {
            super(out, closeOut, flushing);
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
            super(out, closeOut, true);
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
            super.close();
            if (!held.isEmpty()) {
                // Cannot happen when every index came once; say so rather than drop lines silently.
                throw new IllegalStateException(held.size() + " records never got their turn; first missing index " + next);
            }
        }
    }
}
