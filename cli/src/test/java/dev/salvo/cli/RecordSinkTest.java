package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.StringWriter;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sink buffers records instead of flushing each line, yet a record reaches the output while
 * the run goes on (no close needed), and input order holds when asked for.
 */
class RecordSinkTest {

    /** What reached the output by each flush: behind a buffered writer it sees nothing before one. */
    static final class Flushed extends StringWriter {
        final LinkedBlockingQueue<String> flushes = new LinkedBlockingQueue<>();

        @Override
        public void flush() {
            flushes.add(toString());
        }

        /** The output as of the first flush that contains {@code text}, or null after 10 s without one. */
        String awaitContaining(String text) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                String s = flushes.poll(left, TimeUnit.NANOSECONDS);
                if (s != null && s.contains(text)) {
                    return s;
                }
            }
            return null;
        }
    }

    @Test
    void aRecordReachesTheOutputWhileTheSinkIsStillOpen() throws InterruptedException {
        Flushed output = new Flushed();
        try (RecordSink sink = RecordSink.of(new BufferedWriter(output, 1 << 16), false, false)) {
            sink.accept(0, "{\"index\":0}");
            assertThat(output.awaitContaining("{\"index\":0}\n")).as("the first record, nothing more to come yet").isNotNull();
            sink.accept(1, "{\"index\":1}");
            assertThat(output.awaitContaining("{\"index\":1}\n")).as("the second record").isNotNull();
        }
    }

    @Test
    void manyRecordsInABurstAreNotFlushedOneByOne() throws InterruptedException {
        Flushed output = new Flushed();
        int records = 10_000;
        try (RecordSink sink = RecordSink.of(new BufferedWriter(output, 1 << 16), false, false)) {
            for (int i = 0; i < records; i++) {
                sink.accept(i, "{\"index\":" + i + "}");
            }
            assertThat(output.awaitContaining("{\"index\":" + (records - 1) + "}\n")).isNotNull();
        }
        assertThat(output.toString().lines()).hasSize(records);
        // A flush per line would make one per record; the sink flushes a burst in a few.
        assertThat(output.flushes.size()).isLessThan(records / 10);
    }

    @Test
    void orderedHoldsALaterRecordUntilTheEarlierOneCame() {
        StringWriter output = new StringWriter();
        try (RecordSink sink = RecordSink.of(output, true, false)) {
            sink.accept(1, "b");
            sink.accept(2, "c");
            sink.accept(0, "a");
            assertThat(sink.peakHeld()).isEqualTo(2);
        }
        assertThat(output.toString()).isEqualTo("a\nb\nc\n");
    }

    @Test
    void aSinkThatDiscardsAsksForNoJson() {
        try (RecordSink sink = RecordSink.discard()) {
            assertThat(sink.writes()).isFalse();
        }
        try (RecordSink sink = RecordSink.of(new StringWriter(), false, false)) {
            assertThat(sink.writes()).isTrue();
        }
    }
}
