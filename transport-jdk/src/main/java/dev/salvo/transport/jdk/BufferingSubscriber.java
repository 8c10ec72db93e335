package dev.salvo.transport.jdk;

import dev.salvo.SalvoException;
import dev.salvo.spi.CappedBody;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * Collects a response body into one array, up to a cap ({@link CappedBody}).
 *
 * <p>A declared Content-Length above the cap fails at once; a body growing past it fails as soon as
 * the byte that crosses it arrives. Either way the subscription is cancelled, which makes the JDK
 * client close the connection instead of reading the rest.
 *
 * <p>Fair turns: the JDK client hands body buffers over on its executor's threads, and keeps
 * handing them over on the same thread for as long as the subscriber has demand and more bytes
 * have arrived; a body arriving as fast as it is copied (a huge or endless one on a fast link) could
 * so keep a thread for its whole length, and a few such bodies every thread, while the other
 * exchanges' work waits in the queue. So this subscriber asks for {@value #TURN} buffers at a
 * time (at most 256 KiB with the JDK's 16 KiB buffers: most bodies in one turn) and asks for the
 * next turn from a new task on the executor, behind whatever the other exchanges queued meanwhile.
 */
final class BufferingSubscriber implements BodySubscriber<Void> {
    /** Buffers asked for per turn on an executor thread. */
    static final int TURN = 16;

    private final JdkExchange exchange;
    private final Executor executor;
    private final long cap;
    private final long declaredLength;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean ended;
    // touched only by the subscriber's signals, which the JDK client serialises
    private CappedBody body;
    private int leftInTurn;

    /**
     * @param executor       runs the request for each next turn
     * @param cap            bytes allowed; negative for no cap
     * @param declaredLength the Content-Length, or -1 when there is none or the body is known to be empty
     */
    BufferingSubscriber(JdkExchange exchange, Executor executor, long cap, long declaredLength) {
        this.exchange = exchange;
        this.executor = executor;
        this.cap = cap;
        this.declaredLength = declaredLength;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!exchange.bodySubscribed(s, done)) {
            ended = true;
            return; // the exchange already ended; it cancelled the subscription
        }
        try {
            body = new CappedBody(exchange.request(), cap, declaredLength);
        } catch (SalvoException tooLarge) {
            ended = true;
            exchange.fail(tooLarge);
            return;
        }
        subscription = s;
        leftInTurn = TURN;
        s.request(TURN);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body == null) {
            return;
        }
        exchange.touch();
        try {
            for (ByteBuffer item : items) {
                body.append(item);
            }
        } catch (SalvoException tooLarge) {
            body = null;
            ended = true;
            exchange.fail(tooLarge);
            return;
        }
        if (--leftInTurn == 0) {
            leftInTurn = TURN;
            executor.execute(this::nextTurn);
        }
    }

    private void nextTurn() {
        Flow.Subscription s = subscription;
        if (!ended && s != null) {
            s.request(TURN);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        body = null;
        ended = true;
        exchange.fail(throwable);
    }

    @Override
    public void onComplete() {
        ended = true;
        CappedBody b = body;
        if (b == null) {
            return;
        }
        body = null;
        exchange.succeed(b.toArray());
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }
}
