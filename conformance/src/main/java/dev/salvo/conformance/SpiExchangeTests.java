package dev.salvo.conformance;

import static dev.salvo.conformance.Spi.exchange;
import static dev.salvo.conformance.Spi.failure;
import static dev.salvo.conformance.Spi.get;
import static dev.salvo.conformance.Spi.readFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.conformance.support.RequestBuilder;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportResponse;
import dev.salvo.testserver.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The SPI category, one exchange: {@link Transport#exchange} driven directly, below core.
 * {@code exchange} returns before the response arrives and reports every fault through the
 * future as a typed {@link dev.salvo.SalvoException}, never by throwing; it may be called from a
 * stage completing another exchange (it never blocks, so it holds no lock the completion needs);
 * the response is the server's, raw: no redirect followed, no body decompressed; and an error
 * while a streamed body is read is an {@link IOException} whose cause is a
 * {@link dev.salvo.SalvoException} naming the fault.
 *
 * <p>What "never runs user code" means for a transport is left to core, which hops off the
 * transport's threads before running a callback (see {@link CallbacksAndListenersTests}); the
 * kit checks here what a transport itself promises.
 */
public interface SpiExchangeTests extends KitContext {

    @Test
    default void exchangeReturnsBeforeTheResponseArrives() throws Exception {
        CountDownLatch respond = new CountDownLatch(1);
        try (RawPeer peer = RawPeer.start((request, out) -> {
            respond.await(Exchanges.WAIT_SECONDS, TimeUnit.SECONDS);
            out.write(RawPeer.ok("held"));
        })) {
            Transport t = kit().transport();
            AtomicReference<CompletableFuture<TransportResponse>> returned = new AtomicReference<>();
            Thread caller = new Thread(() -> returned.set(exchange(t, RequestBuilder.get(peer.url("/held")).build(), "")),
                    "kit-exchange-caller");
            caller.start();
            caller.join(Spi.WAIT.toMillis());
            boolean blocked = caller.isAlive();
            respond.countDown(); // whatever happened: nothing may stay blocked on the peer
            assertThat(blocked).as("exchange() still running %d ms later while the server held the response: it"
                    + " must return a future at once, never block its caller", Spi.WAIT.toMillis()).isFalse();
            assertThat(returned.get()).as("future returned by exchange() (null: it threw, see the test's output)").isNotNull();
            assertThat(Exchanges.await(returned.get()).status()).as("status once the server answered").isEqualTo(200);
        }
    }

    @Test
    default void aRefusedConnectionFailsTheFutureNotTheCall() {
        Transport t = kit().transport();
        failure(exchange(t, RequestBuilder.get(URI.create(kit().refusedUrl("/get"))).build(), "to a refused port"),
                ErrorType.CONNECT_REFUSED, "an exchange to a port where nothing listens");
    }

    @Test
    default void aStageCompletingOneExchangeMayStartTheNext() {
        // one connection per host: the next exchange needs the one the completing exchange holds
        Transport t = kit().transport(c -> c.maxPerHost(1));
        CompletableFuture<TransportResponse> chained = exchange(t, get(kit(), "/salvo/hold/50"), "")
                .thenCompose(first -> t.exchange(get(kit(), "/get?chained=1")));
        assertThat(Exchanges.await(chained).status()).as("status of an exchange started from the completion of"
                + " another").isEqualTo(200);
    }

    @Test
    default void aRedirectIsReturnedNotFollowed() {
        Stats stats = kit().quietStats();
        TransportResponse r = Exchanges.await(exchange(kit().transport(), get(kit(), "/redirect/1"), ""));
        assertThat(r.status()).as("status of /redirect/1 as the transport returned it: a transport never follows"
                + " redirects (core does, with its policy and history)").isEqualTo(302);
        assertThat(r.headers().firstOrNull("Location")).as("Location").isEqualTo("/get");
        assertThat(stats.requestsReceived()).as("requests the server received for one exchange").isEqualTo(1);
    }

    @Test
    default void aCompressedBodyArrivesRawWithItsContentEncoding() {
        TransportResponse r = Exchanges.await(exchange(kit().transport(), RequestBuilder.get(URI.create(kit().url("/gzip")))
                .header("Accept-Encoding", "gzip").build(), ""));
        assertThat(r.headers().firstOrNull("Content-Encoding")).as("Content-Encoding of /gzip as the transport"
                + " returned it: a transport never decompresses (core does, with its caps)").isEqualTo("gzip");
        assertThat(r.body()).as("body of /gzip as the transport returned it: gzip, starting with 1f 8b").hasSizeGreaterThan(2);
        assertThat(new int[] {r.body()[0] & 0xff, r.body()[1] & 0xff}).as("first two bytes of the raw body (gzip magic)")
                .containsExactly(0x1f, 0x8b);
    }

    @Test
    default void anErrorWhileReadingAStreamIsAnIOExceptionCausedByASalvoException() throws Exception {
        CountDownLatch headDelivered = new CountDownLatch(1);
        try (RawPeer peer = RawPeer.start((request, out) -> {
            out.write(RawPeer.bytes("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000)));
            out.flush();
            headDelivered.await(Exchanges.WAIT_SECONDS, TimeUnit.SECONDS);
            out.close(); // 99,000 bytes short: a truncated body
        })) {
            Transport t = kit().transport();
            TransportResponse r = Exchanges.await(exchange(t, RequestBuilder.get(peer.url("/truncated")).streaming()
                    .build(), ""));
            headDelivered.countDown();
            try (InputStream in = r.stream()) {
                readFails(in::readAllBytes, ErrorType.PROTOCOL, "reading a streamed body cut short by the server");
            }
        }
    }
}
