package dev.salvo.transport.okhttp;

import dev.salvo.spi.TransportRequest;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The interceptors that make one {@code OkHttpClient} do exactly one raw exchange per
 * {@link TransportRequest}. Both find the exchange through the OkHttp request's tag and leave
 * untagged requests alone.
 *
 * <p>Timeouts: {@link PerRequest} gives each call the request's own connect and read timeouts
 * (and the read timeout as write timeout, the longest stall while sending) through OkHttp's
 * per-call {@code Chain.withConnectTimeout}/{@code withReadTimeout}/{@code withWriteTimeout}. No
 * client is derived per timeout, so every call shares the one pool and dispatcher.
 *
 * <p>Raw bodies: OkHttp's bridge adds {@code Accept-Encoding: gzip} to a request that has none,
 * and then decompresses the response transparently. Core always sends its own Accept-Encoding, so
 * through core this never happens; for a request without one, {@link NoTransparentGzip} takes the
 * added header off the wire and hides the response's {@code Content-Encoding} from the bridge
 * (under {@value #HIDDEN_ENCODING}), and {@link PerRequest} puts it back. The body is never
 * decompressed by OkHttp.
 *
 * <p>No retry of OkHttp's own: with retries on connection failure and redirects off, OkHttp's
 * follow-up logic still repeats a request once, silently, when a 503 says {@code Retry-After: 0}
 * (a POST included). {@link NoRetryAfter} takes that field off the response OkHttp's follow-up
 * logic sees. Core is not affected: it takes the response head as it was read (see
 * {@code OkHttpExchange.EVENTS}), and owns retries.
 */
final class ExchangeInterceptors {
    /** Where the response's Content-Encoding waits while it passes OkHttp's bridge. */
    static final String HIDDEN_ENCODING = "X-Salvo-OkHttp-Content-Encoding";

    private ExchangeInterceptors() {
    }

    /** Application interceptor: the request's timeouts, and the Content-Encoding put back. */
    static final class PerRequest implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            OkHttpExchange exchange = chain.request().tag(OkHttpExchange.class);
            if (exchange == null) {
                return chain.proceed(chain.request());
            }
            TransportRequest tr = exchange.request();
            Chain c = chain;
            int connect = Timeouts.millis(tr.connectTimeout());
            if (connect != c.connectTimeoutMillis()) {
                c = c.withConnectTimeout(connect, TimeUnit.MILLISECONDS);
            }
            int read = Timeouts.millis(tr.readTimeout());
            if (read != c.readTimeoutMillis()) {
                c = c.withReadTimeout(read, TimeUnit.MILLISECONDS);
            }
            if (read != c.writeTimeoutMillis()) {
                c = c.withWriteTimeout(read, TimeUnit.MILLISECONDS);
            }
            Response response = c.proceed(chain.request());
            List<String> hidden = response.headers(HIDDEN_ENCODING);
            if (hidden.isEmpty()) {
                return response;
            }
            Response.Builder b = response.newBuilder().removeHeader(HIDDEN_ENCODING);
            hidden.forEach(v -> b.addHeader("Content-Encoding", v));
            return b.build();
        }
    }

    /** Network interceptor: hides a 503's {@code Retry-After} from OkHttp's follow-up logic. */
    static final class NoRetryAfter implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            Response response = chain.proceed(chain.request());
            if (response.code() != 503 || response.header("Retry-After") == null
                    || chain.request().tag(OkHttpExchange.class) == null) {
                return response;
            }
            return response.newBuilder().removeHeader("Retry-After").build();
        }
    }

    /** Network interceptor: undoes the bridge's transparent gzip for a request that had no Accept-Encoding. */
    static final class NoTransparentGzip implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            Request request = chain.request();
            OkHttpExchange exchange = request.tag(OkHttpExchange.class);
            if (exchange == null || exchange.request().headers().contains("Accept-Encoding")) {
                return chain.proceed(request);
            }
            Response response = chain.proceed(request.newBuilder().removeHeader("Accept-Encoding").build());
            List<String> codings = response.headers("Content-Encoding");
            if (codings.isEmpty()) {
                return response;
            }
            Response.Builder b = response.newBuilder().removeHeader("Content-Encoding");
            codings.forEach(v -> b.addHeader(HIDDEN_ENCODING, v));
            return b.build();
        }
    }
}
