package dev.salvo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer comparisons and their verdicts, on made-up figures (no run, no timing). */
class PeerReportTest {
    private final List<CellResult> cells = new ArrayList<>();

    private void rates(String workload, String client, int size, Double... perRep) {
        Cell cell = new Cell(workload, client, client, "http://x/small", 1_000, size, 0, 0, perRep.length, List.of());
        List<Double> rates = List.of(perRep);
        List<Double> seconds = rates.stream().map(v -> 1_000 / v).toList();
        cells.add(new CellResult(cell, seconds, rates, rates, 0, 1, 2, 3, 4, 5, 100, size, 10, 0, null, "17", false));
    }

    private void seconds(String workload, String client, int size, Double... perRep) {
        Cell cell = new Cell(workload, client, client, "http://x/delay", 1_000, size, 0, 0, perRep.length, List.of());
        List<Double> seconds = List.of(perRep);
        List<Double> rates = seconds.stream().map(s -> 1_000 / s).toList();
        cells.add(new CellResult(cell, seconds, rates, rates, 0, 1, 2, 3, 4, 5, 100, size, 10, 0, null, "17", false));
    }

    private Results results() {
        return new Results("now", "machine", "nginx", List.of(), "settings", cells);
    }

    @Test
    void w1ComparesWithTheBestPeerByMedianAndTakesTheRepetitionsPairwise() {
        rates("W1", Clients.SALVO_NETTY, Plan.W1_SIZE, 60.0, 50.0, 42.0);
        rates("W1", Clients.VERTX, Plan.W1_SIZE, 45.0, 42.0, 52.0);
        rates("W1", Clients.JETTY, Plan.W1_SIZE, 40.0, 39.0, 40.0);

        PeerReport.Comparison c = PeerReport.jvm(results()).get(0);

        assertThat(c.best()).as("best peer by median").isEqualTo(Clients.VERTX);
        assertThat(c.median()).as("50 / 45").isCloseTo(50.0 / 45, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.perRep()).as("60/45, 50/42, 42/52").containsExactly(60.0 / 45, 50.0 / 42, 42.0 / 52);
    }

    @Test
    void aRepetitionBehindTheBestPeerMissesTheTargetAndSaysByHowMuch() {
        rates("W1", Clients.SALVO_NETTY, Plan.W1_SIZE, 60.0, 40.0);
        rates("W1", Clients.VERTX, Plan.W1_SIZE, 45.0, 50.0);

        Verdict v = PeerReport.verdicts(results()).get(0);

        assertThat(v.met()).isFalse();
        assertThat(v.gap()).contains("1 of 2 repetitions not ahead", "20.0% behind " + Clients.VERTX,
                "salvo netty's own repetitions lay 50.0% apart");
    }

    @Test
    void eachRepetitionIsHeldAgainstTheBestPeerOfThatRepetition() {
        rates("W1", Clients.SALVO_NETTY, Plan.W1_SIZE, 60.0, 60.0, 60.0);
        rates("W1", Clients.VERTX, Plan.W1_SIZE, 50.0, 50.0, 50.0);
        rates("W1", Clients.ARMERIA, Plan.W1_SIZE, 30.0, 66.0, 30.0);

        PeerReport.Comparison c = PeerReport.jvm(results()).get(0);
        Verdict v = PeerReport.verdicts(results()).get(0);

        assertThat(c.best()).as("best by median").isEqualTo(Clients.VERTX);
        assertThat(c.perRep()).containsExactly(60.0 / 50, 60.0 / 66, 60.0 / 50);
        assertThat(v.met()).as("armeria was ahead in the second repetition").isFalse();
        assertThat(v.gap()).contains("1 of 3 repetitions not ahead", "behind " + Clients.ARMERIA);
    }

    @Test
    void w2ComparesTimesSoThatAboveOneIsSalvoAhead() {
        seconds("W2", Clients.SALVO_NETTY, Plan.PEER_W2_SIZE, 1.2, 1.25);
        seconds("W2", Clients.AHC, Plan.PEER_W2_SIZE, 1.3, 1.5);
        seconds("W2", Clients.JETTY, Plan.PEER_W2_SIZE, 1.7, 1.8);
        seconds("W2", Clients.SALVO_NETTY, 100, 0.9);

        List<PeerReport.Comparison> all = PeerReport.jvm(results());
        Verdict v = PeerReport.verdicts(results()).get(0);

        assertThat(all).hasSize(1);
        assertThat(all.get(0).best()).as("the fastest peer").isEqualTo(Clients.AHC);
        assertThat(all.get(0).perRep()).containsExactly(1.3 / 1.2, 1.5 / 1.25);
        assertThat(v.met()).isTrue();
    }

    @Test
    void theColdCellIsJudgedLikeW1() {
        rates(Plan.COLD, Clients.SALVO_NETTY, Plan.W1_SIZE, 27.8, 30.0);
        rates(Plan.COLD, Clients.AHC, Plan.W1_SIZE, 35.4, 34.0);

        Verdict v = PeerReport.verdicts(results()).get(0);

        assertThat(v.target()).startsWith("cold");
        assertThat(v.met()).isFalse();
        assertThat(v.gap()).contains("2 of 2 repetitions not ahead");
    }

    @Test
    void theCommandIsHeldToTenTimesTheGeventPoolAndItsStartIsShownWhenMissed() {
        seconds(Plan.COMMAND, CommandCells.SALVO, Plan.COMMAND_SIZE, 2.0, 2.5);
        seconds(Plan.COMMAND, CommandCells.SALVO_START, Plan.COMMAND_SIZE, 0.5, 0.6);
        seconds(Plan.COMMAND, CommandCells.GEVENT, Plan.COMMAND_SIZE, 16.0, 17.0);

        Verdict v = PeerReport.verdicts(results()).get(0);
        StringBuilder md = new StringBuilder();
        PeerReport.markdown(md, results());

        assertThat(v.met()).as("8 x and 6.8 x").isFalse();
        assertThat(v.gap()).contains("32.0% short", "6.80 x of 10 x", "salvo --version) is 0.55 s of the command's 2.25 s");
        assertThat(md).contains("## The command against Python peers", CommandCells.GEVENT);
    }

    @Test
    void aCommandPeerThatCouldNotRunIsNotJudgedAndSaysWhy() {
        seconds(Plan.COMMAND, CommandCells.SALVO, Plan.COMMAND_SIZE, 2.0);
        Cell gevent = new Cell(Plan.COMMAND, CommandCells.GEVENT, CommandCells.GEVENT, "u", 1_000, Plan.COMMAND_SIZE,
                0, 0, 1, List.of());
        cells.add(CellResult.failed(gevent, "not run: no gevent"));

        Verdict v = PeerReport.verdicts(results()).get(0);

        assertThat(v.met()).isNull();
        assertThat(v.measured()).contains("not run: no gevent");
    }

    @Test
    void mergedColdRepetitionsKeepEveryTimingAndTheWorstPeaks() {
        rates(Plan.COLD, Clients.SALVO_NETTY, Plan.W1_SIZE, 10.0);
        rates(Plan.COLD, Clients.SALVO_NETTY, Plan.W1_SIZE, 20.0);
        Cell cell = cells.get(0).cell();

        CellResult merged = CellResult.merge(cell, cells);
        CellResult failed = CellResult.merge(cell, List.of(cells.get(0), CellResult.failed(cell, "boom")));

        assertThat(merged.requestsPerSecond()).containsExactly(10.0, 20.0);
        assertThat(failed.failure()).isEqualTo("repetition 2: boom");
    }
}
