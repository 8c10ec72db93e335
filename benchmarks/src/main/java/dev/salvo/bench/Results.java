package dev.salvo.bench;

import java.util.List;

/**
 * Everything one run produced, as written to results.json and read back by the report.
 *
 * @param date    when the run started (UTC, ISO-8601)
 * @param machine cores, CPU, memory, kernel, JDK
 * @param server  which server answered, and why when it was the fallback
 * @param notes   what the run could not do as asked (tools missing, a reduced run)
 * @param options the command line's settings in words
 * @param cells   every cell's result, in the order run
 */
record Results(String date, String machine, String server, List<String> notes, String options, List<CellResult> cells) {

    /** The result of this workload's row with this label and concurrency, or null. */
    CellResult find(String workload, String label, int concurrency) {
        return cells.stream()
                .filter(c -> c.cell().workload().equals(workload) && c.cell().label().equals(label)
                        && c.cell().concurrency() == concurrency)
                .findFirst().orElse(null);
    }

    List<CellResult> of(String workload) {
        return cells.stream().filter(c -> c.cell().workload().equals(workload)).toList();
    }
}
