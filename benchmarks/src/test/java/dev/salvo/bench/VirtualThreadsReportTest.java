package dev.salvo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** W2v's report from made-up results (no JVM is started): the table, and the targets judged on the virtual-thread rows only. */
class VirtualThreadsReportTest {

    @Test
    void virtualThreadRowsAreJudgedAndEveryRowIsInTheTable() {
        Results r = results(
                cell(Clients.SALVO_JDK, "JDK 17", 1.30, 1_011, "17.0.15+6", false),
                cell(Clients.SALVO_JDK, "JDK 25", 1.05, 24, "25.0.3+9-LTS", true),
                cell(Clients.SALVO_OKHTTP, "JDK 17", 1.25, 1_018, "17.0.15+6", false),
                cell(Clients.SALVO_OKHTTP, "JDK 25", 1.20, 150, "25.0.3+9-LTS", true));

        List<Verdict> verdicts = VirtualThreadsReport.judge(r);
        String md = VirtualThreadsReport.markdown(r);

        assertThat(verdicts).as("two targets per transport, on its virtual-thread row").hasSize(4);
        assertThat(verdicts).filteredOn(v -> v.target().contains("salvo jdk")).allMatch(v -> Boolean.TRUE.equals(v.met()));
        assertThat(verdicts).filteredOn(v -> v.target().contains("salvo okhttp")).noneMatch(v -> Boolean.TRUE.equals(v.met()));
        assertThat(md).contains("| jdk | 17.0.15+6 | platform | 1.30 |", "| jdk | 25.0.3+9-LTS | virtual | 1.05 |",
                "| okhttp | 25.0.3+9-LTS | virtual | 1.20 |", "9.1% over the limit", "50 threads over");
    }

    @Test
    void withoutAVirtualThreadRowNothingIsJudged() {
        Results r = results(cell(Clients.SALVO_JDK, "JDK 17", 1.30, 1_011, "17.0.15+6", false));

        assertThat(VirtualThreadsReport.judge(r)).as("verdicts").hasSize(2).allMatch(v -> v.met() == null);
    }

    @Test
    void theJdkLabelIsItsFeatureRelease() {
        Path home = Path.of(System.getProperty("java.home"));
        assertThat(VirtualThreadsMain.feature(home)).isEqualTo(Integer.toString(Runtime.version().feature()));
    }

    private static Results results(CellResult... cells) {
        return new Results("2026-12-02T00:00:00Z", "2 cores", "embedded test server", List.of(), "1 repetition",
                List.of(cells));
    }

    private static CellResult cell(String client, String jdk, double seconds, int peakThreads, String java, boolean virtual) {
        Cell cell = new Cell(VirtualThreadsMain.WORKLOAD, client + " on " + jdk, client, "http://127.0.0.1/delay", 10_000,
                VirtualThreadsMain.SIZE, 1_000, 0, 1, List.of());
        return new CellResult(cell, List.of(seconds), List.of(10_000 / seconds), List.of(0.0), 0, 100, 110, 150, 160, 170,
                500, 1_000, peakThreads, 0, null, java, virtual);
    }
}
