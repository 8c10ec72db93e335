package dev.salvo.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void closeStopsPortsConnectionsAndThreads() throws IOException {
        TestServer server = TestServer.start();
        String prefix = server.threadNamePrefix();
        List<URI> urls = List.of(server.httpUrl(), server.httpUrlOtherHost(), server.httpsUrl(),
                server.httpsWrongHostUrl(), server.httpsClientAuthUrl());
        assertThat(server.httpUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(server.httpUrlOtherHost().getPort()).isEqualTo(server.httpUrl().getPort());
        assertThat(server.httpsWrongHostUrl().getHost()).isEqualTo("127.0.0.1");
        Path caFile = server.certificates().caPemFile();
        assertThat(caFile).exists();

        // a connection that is mid-request when the server stops
        Socket hanging = Support.connect(server.httpUrl(), 5000);
        Support.write(hanging, "GET /fault/never-responds HTTP/1.1\r\nHost: x\r\n\r\n");
        org.awaitility.Awaitility.await().until(() -> server.stats().inFlight() == 1);
        assertThat(liveThreads(prefix)).isNotEmpty();

        server.close();

        assertThat(liveThreads(prefix)).isEmpty();
        assertThat(server.stats().openConnections()).isZero();
        assertThat(server.stats().inFlight()).isZero();
        assertThat(Files.exists(caFile)).isFalse();
        assertThat(Support.readAll(hanging, Long.MAX_VALUE).timedOut()).isFalse();
        hanging.close();
        for (URI u : urls) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 2000);
                }
            }).as(u.toString()).isInstanceOf(ConnectException.class);
        }
        server.close(); // second close is a no-op
    }

    @Test
    void serversAreIndependent() {
        try (TestServer a = TestServer.start(); TestServer b = TestServer.start()) {
            assertThat(a.httpUrl()).isNotEqualTo(b.httpUrl());
            assertThat(a.certificates().caCertificate()).isNotEqualTo(b.certificates().caCertificate());
            assertThat(Support.get(Support.client(), a.httpUrl(), "/get").statusCode()).isEqualTo(200);
            assertThat(a.stats().requestsReceived()).isEqualTo(1);
            assertThat(b.stats().requestsReceived()).isZero();
        }
    }

    private static List<Thread> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix + "-") && t.isAlive())
                .toList();
    }
}
