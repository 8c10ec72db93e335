package dev.salvo.testserver;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Endpoints for retry and rate-limit tests. Both record each request's arrival under its key
 * ({@link Stats#arrivals(String)}), so that attempts, rate and spacing are measured at the server.
 *
 * <ul>
 *   <li>{@code /salvo/flaky/{key}?fail=K&status=N} fails the first K requests of the key (default 1) with
 *       status N (default 503), adding {@code Retry-After: V} for {@code retry-after=V} (sent as given) or an
 *       HTTP date S seconds ahead for {@code retry-after-date=S}; with {@code fault=reset} those requests
 *       are answered by a connection reset instead. Later requests get 200 and
 *       {@code {"key", "attempt", "method"}}.</li>
 *   <li>{@code /salvo/stamp/{key}} answers 200 at once with {@code {"key", "attempt"}}.</li>
 * </ul>
 */
final class Retries {
    private static final int MAX_FAIL = 1_000;

    private Retries() {
    }

    static void flaky(Exchange ex, String key) {
        int fail;
        int status;
        try {
            fail = Integer.parseInt(ex.param("fail", "1"));
            status = Integer.parseInt(ex.param("status", "503"));
        } catch (NumberFormatException e) {
            Endpoints.badRequest(ex, "fail and status must be integers");
            return;
        }
        if (fail < 0 || fail > MAX_FAIL || status < 200 || status > 599) {
            Endpoints.badRequest(ex, "fail must be between 0 and " + MAX_FAIL + ", status between 200 and 599");
            return;
        }
        int attempt = ex.server.stats().arrived(key);
        if (attempt > fail) {
            ex.sendJson(body(key, attempt, ex));
            return;
        }
        if ("reset".equals(ex.param("fault", ""))) {
            Faults.reset(ex.channel());
            return;
        }
        FullHttpResponse r = ex.jsonResponse(HttpResponseStatus.valueOf(status), body(key, attempt, ex));
        String after = ex.param("retry-after", null);
        String afterDate = ex.param("retry-after-date", null);
        if (after != null) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, after);
        } else if (afterDate != null) {
            try {
                Instant at = Instant.now().plusSeconds(Long.parseLong(afterDate));
                r.headers().set(HttpHeaderNames.RETRY_AFTER,
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
            } catch (NumberFormatException e) {
                r.release();
                Endpoints.badRequest(ex, "retry-after-date must be a number of seconds");
                return;
            }
        }
        ex.send(r);
    }

    static void stamp(Exchange ex, String key) {
        int attempt = ex.server.stats().arrived(key);
        ex.sendJson(body(key, attempt, ex));
    }

    private static Map<String, Object> body(String key, int attempt, Exchange ex) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("attempt", attempt);
        m.put("method", ex.request.method().name());
        return m;
    }
}
