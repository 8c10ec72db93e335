package dev.salvo.testserver;

import static dev.salvo.testserver.Support.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Counters, keep-alive, pipelining and load; one fresh server per test so the numbers are exact. */
class InstrumentationTest {

    private TestServer server;
    private URI base;

    @BeforeEach
    void start() {
        server = TestServer.start();
        base = server.httpUrl();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void peakInFlightCountsConcurrentRequestsExactly() {
        HttpClient client = Support.client();
        Support.get(client, base, "/get"); // warm up client and server
        server.stats().reset();
        assertThat(server.stats().peakInFlight()).isZero();

        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(client.sendAsync(request(base, "/salvo/hold/500?i=" + i).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 50);
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
        assertThat(all).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 0);
        assertThat(server.stats().peakInFlight()).isEqualTo(50);
        assertThat(server.stats().requestsReceived()).isEqualTo(50);
        assertThat(server.stats().connectionsAccepted()).isBetween(49L, 50L); // the warm-up connection may be reused

        server.stats().reset();
        assertThat(server.stats().peakInFlight()).isZero();
        assertThat(server.stats().requestsReceived()).isZero();
        assertThat(server.stats().connectionsAccepted()).isZero();
    }

    @Test
    void keepAliveReusesOneConnection() {
        HttpClient client = Support.client();
        server.stats().reset();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = Support.get(client, base, "/get?i=" + i);
            assertThat(r.statusCode()).isEqualTo(200);
            ids.add(r.headers().firstValue("X-Salvo-Connection").orElseThrow());
        }
        assertThat(ids).hasSize(1);
        assertThat(server.stats().connectionsAccepted()).isEqualTo(1);
        assertThat(server.stats().requestsReceived()).isEqualTo(10);
    }

    @Test
    void connectionIdsIncreaseAndOpenConnectionsAreTracked() throws IOException {
        int open = server.stats().openConnections();
        List<Socket> sockets = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = Support.connect(base, 5000);
                sockets.add(s);
                Support.write(s, "GET /get HTTP/1.1\r\nHost: x\r\n\r\n");
                ids.add(Long.parseLong(Support.header(Support.readResponse(s.getInputStream()),
                        "X-Salvo-Connection")));
            }
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            assertThat(server.stats().openConnections()).isEqualTo(open + 3);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().openConnections() == open);
    }

    @Test
    void connectionCloseAndHttp10AreRespected() throws IOException {
        Support.RawResult close = Support.raw(base, "GET /get HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                5000);
        assertThat(close.eof()).isTrue();
        assertThat(Support.header(close.text(), "connection")).isEqualToIgnoringCase("close");
        assertThat(Support.json(close.body()).get("method").asText()).isEqualTo("GET");

        Support.RawResult http10 = Support.raw(base, "GET /get HTTP/1.0\r\n\r\n", 5000);
        assertThat(http10.eof()).isTrue();
        assertThat(Support.json(http10.body()).get("url").asText()).startsWith("http://127.0.0.1:");

        // HTTP/1.0 keep-alive, and a close-delimited stream for a 1.0 client
        try (Socket s = Support.connect(base, 5000)) {
            Support.write(s, "GET /get HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            String first = Support.readResponse(s.getInputStream());
            assertThat(Support.header(first, "connection")).isEqualToIgnoringCase("keep-alive");
            Support.write(s, "GET /stream/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Support.RawResult streamed = Support.readAll(s, Long.MAX_VALUE);
            assertThat(streamed.eof()).isTrue();
            assertThat(Support.header(streamed.text(), "transfer-encoding")).isNull();
            assertThat(streamed.body().lines()).hasSize(2);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (Socket s = Support.connect(base, 5000)) {
            StringBuilder batch = new StringBuilder();
            batch.append("GET /salvo/hold/100?n=0 HTTP/1.1\r\nHost: x\r\n\r\n");
            for (int i = 1; i < 5; i++) {
                batch.append("POST /post?n=").append(i).append(" HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");
            }
            Support.write(s, batch.toString());
            InputStream in = s.getInputStream();
            for (int i = 0; i < 5; i++) {
                String r = Support.readResponse(in);
                assertThat(Support.json(r.substring(r.indexOf("\r\n\r\n") + 4)).get("args").get("n").asText())
                        .isEqualTo(String.valueOf(i));
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 0);
        assertThat(server.stats().peakInFlight()).isEqualTo(1);
    }

    @Test
    void clientClosingMidRequestLeavesInFlight() throws IOException {
        Socket s = Support.connect(base, 5000);
        Support.write(s, "GET /delay/5 HTTP/1.1\r\nHost: x\r\n\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 1);
        s.close();
        await().atMost(Duration.ofSeconds(2)).until(() -> server.stats().inFlight() == 0);
        // a request whose body never completes counts too
        Socket partial = Support.connect(base, 5000);
        Support.write(partial, "POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 1);
        partial.close();
        await().atMost(Duration.ofSeconds(2)).until(() -> server.stats().inFlight() == 0);
        // and so does a pipelining client that goes away while its first request is pending
        Socket pipelining = Support.connect(base, 5000);
        Support.write(pipelining, "GET /delay/5 HTTP/1.1\r\nHost: x\r\n\r\nGET /get HTTP/1.1\r\nHost: x\r\n\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 1);
        pipelining.close();
        await().atMost(Duration.ofSeconds(2)).until(() -> server.stats().inFlight() == 0);
        assertThat(server.stats().requestsReceived()).isEqualTo(3);
    }

    @Test
    void closeConnectionsClosesEveryConnectionWhateverIsInFlight() throws IOException {
        try (Socket idle = Support.connect(base, 5000); Socket busy = Support.connect(base, 5000);
             Socket fresh = Support.connect(base, 5000)) {
            Support.write(idle, "GET /get HTTP/1.1\r\nHost: x\r\n\r\n");
            Support.readResponse(idle.getInputStream());
            Support.write(busy, "GET /delay/5 HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 1
                    && server.stats().openConnections() == 3);

            assertThat(server.closeConnections()).as("connections closed").isEqualTo(3);

            assertThat(idle.getInputStream().read()).as("read on the idle keep-alive connection").isEqualTo(-1);
            assertThat(fresh.getInputStream().read()).as("read on the connection that sent nothing").isEqualTo(-1);
            assertThat(busy.getInputStream().read()).as("read on the connection with a request in flight").isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().openConnections() == 0
                    && server.stats().inFlight() == 0);
        }
    }

    @Test
    void thousandConcurrentConnections() throws Exception {
        server.stats().reset();
        int n = 1000;
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = Support.connect(base, 10_000);
                sockets.add(s);
                Support.write(s, "GET /salvo/hold/1500 HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().inFlight() == n);
            assertThat(server.stats().openConnections()).isEqualTo(n);
            for (Socket s : sockets) {
                assertThat(Support.readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 ");
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertThat(server.stats().peakInFlight()).isEqualTo(n);
        assertThat(server.stats().connectionsAccepted()).isEqualTo(n);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().openConnections() == 0);
    }

    @Test
    void manyKeepAliveRequests() throws Exception {
        int connections = 4;
        int perConnection = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<Set<String>>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                results.add(pool.submit(() -> {
                    Set<String> ids = new HashSet<>();
                    try (Socket s = Support.connect(base, 10_000)) {
                        InputStream in = new java.io.BufferedInputStream(s.getInputStream());
                        byte[] req = "GET /status/200 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes();
                        for (int i = 0; i < perConnection; i++) {
                            s.getOutputStream().write(req);
                            ids.add(Support.header(Support.readResponse(in), "X-Salvo-Connection"));
                        }
                    }
                    return ids;
                }));
            }
            Set<String> all = new HashSet<>();
            for (Future<Set<String>> f : results) {
                Set<String> ids = f.get();
                assertThat(ids).hasSize(1);
                all.addAll(ids);
            }
            assertThat(all).hasSize(connections);
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.stats().requestsReceived()).isEqualTo((long) connections * perConnection);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 0);
    }
}
