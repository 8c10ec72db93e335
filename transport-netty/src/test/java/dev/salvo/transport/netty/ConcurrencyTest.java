package dev.salvo.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.Batch;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.SalvoConfig;
import dev.salvo.testserver.Stats;
import dev.salvo.testserver.TestServer;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Size 1,000 against one host: the server sees 1,000 requests in flight, on 1,000 connections. */
class ConcurrencyTest {
    private static final int N = 1000;

    @Test
    void aThousandInFlightAtOneHost() {
        try (TestServer server = TestServer.start(); Salvo salvo = Salvo.create(SalvoConfig.defaults(), new NettyTransportProvider())) {
            Stats stats = server.stats();
            List<Request> reqs = IntStream.range(0, N)
                    .mapToObj(i -> Request.get(server.httpUrl().resolve("/salvo/hold/3000?i=" + i).toString())).toList();
            List<Response> rs = salvo.map(reqs, Batch.size(N));
            assertThat(rs).as("responses").doesNotContainNull().allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(stats.peakInFlight()).as("peak in flight at the server for size %d (%s)", N, stats).isEqualTo(N);
            assertThat(stats.connectionsAccepted()).as("connections accepted").isEqualTo(N);
        }
    }
}
