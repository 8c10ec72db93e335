package dev.salvo;

/**
 * Called with each successful response of a request before it is handed back; may return a
 * different response (a transformed one) or the same. grequests' {@code callback=}.
 *
 * <p>Runs on a Salvo thread, never on a transport's I/O thread. If it throws, the request fails
 * with {@link ErrorType#CALLBACK} and the exception as the cause.
 */
@FunctionalInterface
public interface ResponseCallback {
    Response apply(Response response) throws Exception;
}
