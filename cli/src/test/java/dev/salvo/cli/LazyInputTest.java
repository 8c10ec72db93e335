package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.testserver.TestServer;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The input is read as requests can start, not up front. */
class LazyInputTest {
    private static final int LINES = 3_000;
    private static final int CONCURRENCY = 4;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Makes its lines as they are read, and counts them; nothing is held in memory. */
    static final class GeneratedLines extends InputStream {
        private final String base;
        private final int total;
        private byte[] current = new byte[0];
        private int pos;
        volatile int made;

        GeneratedLines(String base, int total) {
            this.base = base;
            this.total = total;
        }

        @Override
        public int read() {
            if (pos == current.length) {
                if (made == total) {
                    return -1;
                }
                current = (base + "/get?i=" + made + "\n").getBytes(StandardCharsets.US_ASCII);
                made++;
                pos = 0;
            }
            return current[pos++];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            // At most one line per call: the reader's read-ahead stays honest, a few kilobytes at most.
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
                if (c == '\n') {
                    break;
                }
            }
            return n;
        }
    }

    @Test
    void readsLinesOnlyAsRequestsCanStart() {
        GeneratedLines input = new GeneratedLines(server.httpUrl().toString(), LINES);
        int[] worstLead = {0};
        int[] records = {0};
        StringWriter out = new StringWriter() {
            @Override
            public void write(String s, int off, int len) {
                if (s.startsWith("{", off)) {   // a record (its newline comes separately)
                    records[0]++;
                    worstLead[0] = Math.max(worstLead[0], input.made - records[0]);
                }
                super.write(s, off, len);
            }
        };

        Cli.Run run = Cli.run(input, Map.of(), out, "fetch", "--concurrency", String.valueOf(CONCURRENCY), "--quiet");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(records[0]).isEqualTo(LINES);
        // Lines read but not yet written: those in the batch (at most 2 x concurrency) plus the reader's
        // read-ahead (one 8 KiB buffer of ~40-byte lines, about 200). Reading eagerly would show ~3,000.
        assertThat(worstLead[0]).as("most lines read ahead of the records written").isLessThan(2 * CONCURRENCY + 400);
    }
}
