package dev.salvo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks' only test, what CI runs of them: one tiny W1 cell (Salvo over netty, one
 * repetition, a child JVM) against the embedded server, and the report it writes.
 */
class SmokeRunTest {

    @Test
    void aTinyW1CellProducesAReportThatParses(@TempDir Path out) throws Exception {
        Options options = Options.parse("--quick", "--workloads", "W1", "--server", "embedded", "--no-install",
                "--only", "salvo netty", "--out", out.toString());

        Results run = BenchMain.run(options);

        assertThat(run.cells()).as("cells run").hasSize(1);
        CellResult cell = run.cells().get(0);
        assertThat(cell.failure()).as("failure of the cell").isNull();
        assertThat(cell.errors()).as("failed requests").isZero();
        assertThat(cell.requestsPerSecond()).as("req/s of each repetition").hasSize(1).allMatch(r -> r > 0);

        Results read = new ObjectMapper().readValue(out.resolve("results.json").toFile(), Results.class);
        assertThat(read.cells()).as("cells in results.json").hasSize(1);
        assertThat(Files.readString(out.resolve("RESULTS.md")))
                .contains("## W1", "salvo netty", "embedded test server");
        assertThat(out.resolve("w1.png")).as("W1 chart").isNotEmptyFile();
    }
}
