package dev.salvo.transport.jdk;

import dev.salvo.ErrorType;
import dev.salvo.SalvoException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body into one array, up to a cap.
 *
 * <p>A declared Content-Length above the cap fails at once; a body growing past it fails as soon as
 * the byte that crosses it arrives. Either way the subscription is cancelled, which makes the JDK
 * client close the connection instead of reading the rest. With a Content-Length within the cap
 * the array ends at exactly that size (allocated at once up to 4 MiB, grown towards it above).
 */
final class BufferingSubscriber implements BodySubscriber<Void> {
    /** The largest array the VM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    /** Allocated up front at most, whatever the Content-Length says; the array grows from there. */
    private static final int MAX_INITIAL = 4 << 20;

    private final JdkExchange exchange;
    private final long cap;
    private final long declaredLength;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private byte[] buffer;
    private int size;

    /**
     * @param cap            bytes allowed; negative for no cap
     * @param declaredLength the Content-Length, or -1 when there is none or the body is known to be empty
     */
    BufferingSubscriber(JdkExchange exchange, long cap, long declaredLength) {
        this.exchange = exchange;
        this.cap = cap < 0 ? MAX_ARRAY : Math.min(cap, MAX_ARRAY);
        this.declaredLength = declaredLength;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        if (!exchange.bodySubscribed(subscription, done)) {
            return; // the exchange already ended; it cancelled the subscription
        }
        if (declaredLength > cap) {
            exchange.fail(tooLarge("its Content-Length is " + declaredLength));
            return;
        }
        int initial = (int) Math.min(declaredLength >= 0 ? declaredLength : 8192, Math.min(cap, MAX_INITIAL));
        buffer = new byte[initial];
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (buffer == null) {
            return;
        }
        exchange.touch();
        for (ByteBuffer item : items) {
            int n = item.remaining();
            if (n == 0) {
                continue;
            }
            long needed = (long) size + n;
            if (needed > cap) {
                buffer = null;
                exchange.fail(tooLarge("it has more than " + cap + " bytes"));
                return;
            }
            if (needed > buffer.length) {
                long limit = declaredLength >= needed ? declaredLength : cap;
                long grown = Math.max(needed, Math.min(limit, Math.max(16L, (long) buffer.length * 2)));
                buffer = Arrays.copyOf(buffer, (int) grown);
            }
            item.get(buffer, size, n);
            size += n;
        }
    }

    @Override
    public void onError(Throwable throwable) {
        buffer = null;
        exchange.fail(throwable);
    }

    @Override
    public void onComplete() {
        byte[] b = buffer;
        if (b == null) {
            return;
        }
        buffer = null;
        exchange.succeed(size == b.length ? b : Arrays.copyOf(b, size));
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }

    private SalvoException tooLarge(String why) {
        return new SalvoException(ErrorType.BODY_TOO_LARGE, "the response body exceeds the cap of " + cap
                + " bytes: " + why + " (" + exchange.request() + ")");
    }
}
