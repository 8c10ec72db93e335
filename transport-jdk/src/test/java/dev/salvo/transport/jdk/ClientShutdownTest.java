package dev.salvo.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Stopping a bare HttpClient ends its selector thread, on JDK 17 (unreachable + GC) and on 21+ (shutdownNow). */
class ClientShutdownTest {

    @Test
    void findsTheSelectorThreadAndEndsIt() {
        ExecutorService executor = Executors.newFixedThreadPool(1);
        try {
            List<HttpClient> clients = new ArrayList<>();
            clients.add(HttpClient.newBuilder().executor(executor).build());
            String id = ClientShutdown.clientId(clients.get(0));
            assertThat(id).as("client id from %s", clients.get(0)).matches("\\d+");
            List<Thread> selectors = ClientShutdown.selectorThreads(clients);
            assertThat(selectors).singleElement()
                    .satisfies(t -> assertThat(t.getName()).isEqualTo("HttpClient-" + id + "-SelectorManager"))
                    .satisfies(t -> assertThat(t.isAlive()).isTrue());

            ClientShutdown.shutdown(clients);

            assertThat(clients).isEmpty();
            assertThat(selectors.get(0).isAlive()).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }
}
