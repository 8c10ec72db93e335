package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.salvo.ErrorType;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.SalvoException;
import dev.salvo.testserver.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Contract item 17: each timeout fires as itself, and cancelling frees the connection.
 *
 * <p>The connect timeout is produced on loopback only: a listening socket with a backlog of one
 * that never accepts is filled until the kernel drops further SYNs, so a connect hangs without any
 * traffic leaving the machine.
 */
public interface TimeoutAndCancellationTests extends KitContext {

    Duration SHORT = Duration.ofMillis(300);

    @Test
    default void connectTimeoutFires() throws IOException {
        try (ServerSocket never = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = fillBacklog(never);
            try {
                Salvo client = kit().client(b -> b.connectTimeout(SHORT));
                String url = "http://127.0.0.1:" + never.getLocalPort() + "/get";
                long start = System.nanoTime();
                SalvoException e = Kit.expectFailure(ErrorType.CONNECT_TIMEOUT, () -> client.execute(Request.get(url)));
                assertThat(e.type().isTimeout()).as("isTimeout").isTrue();
                assertThat(millisSince(start)).as("ms until the 300 ms connect timeout fired").isLessThan(3000);
            } finally {
                closeAll(queued);
            }
        }
    }

    @Test
    default void requestConnectTimeoutOverridesTheClients() throws IOException {
        try (ServerSocket never = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = fillBacklog(never);
            try {
                Salvo client = kit().client();
                Request r = Request.builder("http://127.0.0.1:" + never.getLocalPort() + "/get").connectTimeout(SHORT).build();
                long start = System.nanoTime();
                Kit.expectFailure(ErrorType.CONNECT_TIMEOUT, () -> client.execute(r));
                assertThat(millisSince(start)).as("ms until the request's 300 ms connect timeout fired").isLessThan(3000);
            } finally {
                closeAll(queued);
            }
        }
    }

    @Test
    default void readTimeoutFiresWaitingForTheHead() {
        Salvo client = kit().client(b -> b.readTimeout(SHORT));
        long start = System.nanoTime();
        Kit.expectFailure(ErrorType.READ_TIMEOUT, () -> client.execute(Request.get(kit().httpbin("/delay/3"))));
        assertThat(millisSince(start)).as("ms until the 300 ms read timeout fired on /delay/3").isLessThan(2500);
        assertThat(client.execute(Request.get(kit().httpbin("/get"))).status()).as("next request").isEqualTo(200);
    }

    @Test
    default void readTimeoutFiresInsideTheBody() {
        Request r = Request.builder(kit().url("/fault/slow-body?bytes=10&interval_ms=2000")).readTimeout(SHORT).build();
        long start = System.nanoTime();
        Kit.expectFailure(ErrorType.READ_TIMEOUT, () -> kit().client().execute(r));
        assertThat(millisSince(start)).as("ms until the read timeout fired mid-body").isLessThan(1800);
    }

    @Test
    default void readTimeoutFiresInsideAStreamedBody() {
        Request r = Request.builder(kit().url("/fault/slow-body?bytes=10&interval_ms=2000"))
                .readTimeout(SHORT).stream(true).build();
        try (Response resp = kit().client().execute(r); InputStream in = resp.bodyStream()) {
            IOException e = assertThrows(IOException.class, in::read,
                    "reading a body whose next byte is 2 s away with a 300 ms read timeout");
            assertThat(e.getCause()).as("cause of the IOException").isInstanceOf(SalvoException.class);
            assertThat(((SalvoException) e.getCause()).type()).as("type").isEqualTo(ErrorType.READ_TIMEOUT);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    default void readTimeoutIsBetweenBytesNotTotal() {
        Request r = Request.builder(kit().url("/fault/slow-body?bytes=6&interval_ms=150"))
                .readTimeout(Duration.ofMillis(600)).build();
        long start = System.nanoTime();
        Response resp = kit().client().execute(r);
        assertThat(resp.body()).as("slow body").hasSize(6);
        assertThat(millisSince(start)).as("total ms, longer than the read timeout").isGreaterThan(600);
    }

    @Test
    default void requestTimeoutFires() {
        Request r = Request.builder(kit().httpbin("/delay/3")).timeout(Duration.ofMillis(400)).build();
        long start = System.nanoTime();
        SalvoException e = Kit.expectFailure(ErrorType.REQUEST_TIMEOUT, () -> kit().client().execute(r));
        assertThat(e.getMessage()).as("message names the limit").contains("PT0.4S");
        assertThat(millisSince(start)).as("ms until the 400 ms request timeout fired").isLessThan(2500);
    }

    @Test
    default void requestTimeoutCoversTheBody() {
        Request r = Request.builder(kit().url("/fault/slow-body?bytes=20&interval_ms=100"))
                .timeout(Duration.ofMillis(500)).build();
        Kit.expectFailure(ErrorType.REQUEST_TIMEOUT, () -> kit().client().execute(r));
    }

    @Test
    default void clientRequestTimeoutFiresAcrossRedirects() {
        Salvo client = kit().client(b -> b.requestTimeout(Duration.ofMillis(400)));
        Kit.expectFailure(ErrorType.REQUEST_TIMEOUT, () -> client.execute(Request.get(
                kit().httpbin("/redirect-to?url=%2Fdelay%2F3"))));
    }

    @Test
    default void cancellingSendFreesTheConnection() {
        Stats stats = kit().quietStats();
        Salvo client = kit().client();
        CompletableFuture<Response> f = client.send(Request.get(kit().url("/fault/never-responds")));
        await("request reached the server").atMost(Duration.ofSeconds(5)).until(() -> stats.inFlight() == 1);
        assertThat(f.cancel(true)).as("cancel() of a pending send").isTrue();
        assertThat(f).as("the future").isCancelled();
        assertThrows(CancellationException.class, f::join);
        await("connection closed after cancel (server: " + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0 && stats.openConnections() == 0);
        assertThat(client.execute(Request.get(kit().url("/get"))).status()).as("next request").isEqualTo(200);
    }

    @Test
    default void interruptingExecuteCancelsTheRequest() throws InterruptedException {
        Stats stats = kit().quietStats();
        Salvo client = kit().client();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                client.execute(Request.get(kit().url("/fault/never-responds")));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "kit-interrupted-caller");
        caller.start();
        await("request reached the server").atMost(Duration.ofSeconds(5)).until(() -> stats.inFlight() == 1);
        caller.interrupt();
        caller.join(5000);
        assertThat(thrown.get()).as("what execute() threw when interrupted").isInstanceOf(SalvoException.class);
        assertThat(((SalvoException) thrown.get()).type()).as("type").isEqualTo(ErrorType.CANCELLED);
        await("connection closed after the interrupt (server: " + stats + ")").atMost(Duration.ofSeconds(5))
                .until(() -> stats.inFlight() == 0);
    }

    /** Connects until the never-accepting listener's queue is full; skips when loopback never fills. */
    private List<Socket> fillBacklog(ServerSocket listener) throws IOException {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Socket s = new Socket();
            try {
                s.connect(listener.getLocalSocketAddress(), 200);
                queued.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return queued;
            }
        }
        closeAll(queued);
        kit().skip("LOOPBACK_CONNECT_TIMEOUT", "this OS accepts every loopback connection into the listen queue, "
                + "so a connect timeout cannot be produced without traffic off the machine");
        return List.of();
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
