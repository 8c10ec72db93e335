package dev.salvo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salvo.Cookie;
import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.SalvoConfig;
import dev.salvo.SalvoException;
import dev.salvo.spi.Capability;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportRequest;
import dev.salvo.spi.TransportResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which thread handles a response: Set-Cookie lines and bodies to inflate are worked on on core's
 * callback pool, never on the transport's I/O thread, in order (a hop's cookies are stored before
 * the next hop is built and before the response is handed on); a response needing neither is
 * handled where it arrived, without a hop between threads.
 */
class ResponseThreadsTest {
    private static final String IO = "test-io";

    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, IO));
    private final ManualTransport transport = new ManualTransport();
    private final SalvoConfig config = SalvoConfig.defaults();
    private ClientResources resources;
    private Engine engine;
    private CookieJar jar;
    private Scope session;

    @BeforeEach
    void start() {
        resources = new ClientResources(config);
        engine = new Engine(config, transport, resources);
        jar = new CookieJar();
        session = Scope.of(null, Headers.empty(), jar, null);
    }

    @AfterEach
    void stop() {
        engine.close();
        io.shutdownNow();
    }

    /** The call for {@code url}, and where (and with which cookies in the jar) its result completed. */
    private Observed start(String url) {
        Call call = engine.start(Request.get(url), session);
        Observed o = new Observed(call);
        call.result().whenComplete((r, e) -> {
            o.thread.set(Thread.currentThread().getName());
            o.cookies.set(jar.all());
        });
        return o;
    }

    private record Observed(Call call, AtomicReference<String> thread, AtomicReference<List<Cookie>> cookies) {
        Observed(Call call) {
            this(call, new AtomicReference<>(), new AtomicReference<>());
        }

        Response response() {
            await().atMost(Duration.ofSeconds(10)).until(() -> thread.get() != null);
            return call.result().join();
        }
    }

    private void respond(Exchange x, int status, Headers headers, byte[] body) throws Exception {
        io.submit(() -> x.future.complete(TransportResponse.buffered(status, null, headers, body))).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aResponseWithoutCookiesOrCodingIsHandledOnTheThreadItArrivedOn() throws Exception {
        Observed o = start("http://a.test/plain");

        respond(transport.next(), 200, Headers.of("Content-Type", "text/plain"), "hi".getBytes());

        assertThat(o.response().text()).isEqualTo("hi");
        assertThat(o.thread.get()).as("thread that completed a plain response").isEqualTo(IO);
    }

    @Test
    void setCookieIsStoredOnCoresPoolBeforeTheNextHopAndBeforeTheResponseIsHandedOn() throws Exception {
        Observed o = start("http://a.test/first");

        respond(transport.next(), 302, Headers.of("Location", "/second", "Set-Cookie", "hop=1"), new byte[0]);
        Exchange second = transport.next();
        assertThat(second.request.headers().firstOrNull("Cookie")).as("Cookie of the hop after a Set-Cookie")
                .isEqualTo("hop=1");
        assertThat(second.thread).as("thread that sent the hop after a Set-Cookie").contains("-callback-");

        respond(second, 200, Headers.of("Set-Cookie", "last=2"), new byte[0]);

        assertThat(o.response().status()).isEqualTo(200);
        assertThat(o.thread.get()).as("thread that completed a response with Set-Cookie").contains("-callback-");
        assertThat(o.cookies.get()).as("the jar when the response was handed on").extracting(Cookie::name)
                .containsExactlyInAnyOrder("hop", "last");
    }

    @Test
    void aBodyToInflateIsDecodedOnCoresPool() throws Exception {
        Observed o = start("http://a.test/gzip");

        respond(transport.next(), 200, Headers.of("Content-Encoding", "gzip"), Bombs.gzip("inflated".getBytes()));

        assertThat(o.response().text()).isEqualTo("inflated");
        assertThat(o.thread.get()).as("thread that completed a gzip response").contains("-callback-");
    }

    @Test
    void aRedirectWithoutCookiesSendsTheNextHopFromTheThreadItArrivedOn() throws Exception {
        start("http://a.test/first");

        respond(transport.next(), 302, Headers.of("Location", "/second"), new byte[0]);

        assertThat(transport.next().thread).as("thread that sent the hop after a plain redirect").isEqualTo(IO);
    }

    @Test
    void aResponseNeedingThePoolFailsWithClientClosedWhenThePoolIsGone() throws Exception {
        Observed o = start("http://a.test/closing");
        Exchange x = transport.next();
        resources.close();

        respond(x, 200, Headers.of("Set-Cookie", "late=1"), new byte[0]);

        await().atMost(Duration.ofSeconds(10)).until(() -> o.thread.get() != null);
        assertThat(o.call.result()).isCompletedExceptionally();
        SalvoException e = (SalvoException) o.call.result().handle((r, t) -> t).join();
        assertThat(e.type()).as("a response the closed pool could not take").isEqualTo(ErrorType.CLIENT_CLOSED);
    }

    /** One exchange handed to the transport: what was asked, on which thread, and the future to complete. */
    private record Exchange(TransportRequest request, String thread, CompletableFuture<TransportResponse> future) {
    }

    /** A transport whose exchanges the test completes itself. */
    private static final class ManualTransport implements Transport {
        private final BlockingQueue<Exchange> exchanges = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<TransportResponse> exchange(TransportRequest request) {
            CompletableFuture<TransportResponse> f = new CompletableFuture<>();
            exchanges.add(new Exchange(request, Thread.currentThread().getName(), f));
            return f;
        }

        Exchange next() throws InterruptedException {
            Exchange x = exchanges.poll(10, TimeUnit.SECONDS);
            assertThat(x).as("an exchange within 10 s").isNotNull();
            return x;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public void close() {
        }
    }
}
