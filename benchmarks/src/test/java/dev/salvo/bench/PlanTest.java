package dev.salvo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which cells the peer, cold and command workloads hold (no server, no run). */
class PlanTest {
    private static final Target TARGET = new Target() {
        @Override
        public String describe() {
            return "none";
        }

        @Override
        public URI small() {
            return URI.create("http://127.0.0.1:1/small");
        }

        @Override
        public URI delayed() {
            return URI.create("http://127.0.0.1:1/delay");
        }

        @Override
        public URI large() {
            return URI.create("http://127.0.0.1:1/1mb");
        }

        @Override
        public boolean isNginx() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    private final Plan plan = new Plan(Options.parse("--reps", "3"), TARGET);

    @Test
    void theJvmPeersRunInW1AndInW2AtSize1000Only() {
        List<String> w1 = plan.w1().stream().map(Cell::client).toList();
        List<Cell> w2 = plan.w2();

        assertThat(w1).containsAll(Clients.PEERS);
        assertThat(w2.stream().filter(c -> Clients.isPeer(c.client())).map(Cell::concurrency).distinct())
                .containsExactly(Plan.PEER_W2_SIZE);
        assertThat(w2.stream().filter(c -> Clients.isPeer(c.client())).map(Cell::client)).containsExactlyElementsOf(Clients.PEERS);
    }

    @Test
    void theColdCellHasNoWarmUpAndOneRepetitionPerJvm() {
        List<Cell> cold = plan.cold();

        assertThat(cold).extracting(Cell::client).startsWith(Clients.SALVO_NETTY).containsAll(Clients.PEERS);
        assertThat(cold).allSatisfy(c -> {
            assertThat(c.warmup()).isZero();
            assertThat(c.reps()).as("repetitions in one JVM").isEqualTo(1);
            assertThat(c.requests()).isEqualTo(100_000);
        });
    }

    @Test
    void theCommandCellFetches20000UrlsAtSize64() {
        List<Cell> cmd = plan.command();

        assertThat(cmd).extracting(Cell::client).containsExactly(CommandCells.SALVO, CommandCells.SALVO_START,
                CommandCells.GEVENT, CommandCells.AIOHTTP);
        assertThat(cmd.get(0).requests()).isEqualTo(20_000);
        assertThat(cmd).allSatisfy(c -> assertThat(c.concurrency()).isEqualTo(Plan.COMMAND_SIZE));
    }

    @Test
    void theNewWorkloadsAreNamedOnTheCommandLine() {
        assertThat(Options.parse("--workloads", "cold,cmd").workloads()).containsExactly(Plan.COLD, Plan.COMMAND);
        assertThat(Options.parse().workloads()).contains("W1", Plan.COLD, Plan.COMMAND);
        assertThatThrownBy(() -> Options.parse("--workloads", "W9")).hasMessageContaining("COLD, CMD");
    }
}
