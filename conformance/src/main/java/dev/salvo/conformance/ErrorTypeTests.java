package dev.salvo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.Batch;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract item 20: the same fault gives the same {@link ErrorType} on every transport, and the
 * client keeps working after it.
 *
 * <p>Response headers: 64 KiB of them must be accepted; 8 MiB must fail as
 * {@link ErrorType#PROTOCOL} (not run the client out of memory or hang).
 *
 * <p>The unknown-host test resolves {@code nonexistent.invalid}; it runs only when the JVM
 * resolves names from a hosts file ({@code -Djdk.net.hosts.file=...}), so that no DNS query leaves
 * the machine.
 */
public interface ErrorTypeTests extends KitContext {

    @Test
    default void refusedPortIsConnectRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/get";
        Kit.expectFailure(ErrorType.CONNECT_REFUSED, () -> kit().client().execute(Request.get(url)));
    }

    @Test
    default void unresolvableHostIsUnknownHost() {
        if (System.getProperty("jdk.net.hosts.file") == null) {
            kit().skip("LOCAL_NAME_RESOLUTION", "the JVM resolves names through DNS; run with "
                    + "-Djdk.net.hosts.file=<file with localhost> so resolving nonexistent.invalid sends no query");
        }
        Kit.expectFailure(ErrorType.UNKNOWN_HOST,
                () -> kit().client().execute(Request.get("http://nonexistent.invalid/get")));
    }

    @Test
    default void resetBeforeHeadersIsConnectionReset() {
        faultThenRecovery("/fault/reset-before-headers", ErrorType.CONNECTION_RESET);
    }

    @Test
    default void badStatusLineIsProtocol() {
        faultThenRecovery("/fault/bad-status-line", ErrorType.PROTOCOL);
    }

    @Test
    default void truncatedBodyIsProtocol() {
        faultThenRecovery("/fault/truncated-body", ErrorType.PROTOCOL);
    }

    @Test
    default void badChunkIsProtocol() {
        faultThenRecovery("/fault/bad-chunk", ErrorType.PROTOCOL);
    }

    @Test
    default void resetMidBodyIsProtocol() {
        faultThenRecovery("/fault/reset-mid-body", ErrorType.PROTOCOL);
    }

    @Test
    default void responseHeadersOf64KibAreAccepted() {
        Response r = kit().client().execute(Request.get(kit().url("/fault/huge-headers?size=" + 64 * 1024)));
        assertThat(r.status()).as("status").isEqualTo(200);
        assertThat(r.headers().size()).as("header fields received").isGreaterThan(8);
        assertThat(r.header("X-Huge-0")).as("X-Huge-0").hasSize(8 * 1024);
    }

    @Test
    default void responseHeadersOf8MibAreProtocol() {
        faultThenRecovery("/fault/huge-headers?size=" + 8 * 1024 * 1024, ErrorType.PROTOCOL);
    }

    @Test
    default void faultsInABatchKeepTheirTypes() {
        List<Request> reqs = List.of(Request.get(kit().url("/fault/reset-before-headers")),
                Request.get(kit().url("/get")), Request.get(kit().url("/fault/bad-chunk")),
                Request.get(kit().url("/fault/truncated-body")));
        List<ErrorType> expected = Arrays.asList(ErrorType.CONNECTION_RESET, null, ErrorType.PROTOCOL, ErrorType.PROTOCOL);
        List<Outcome> outcomes = kit().client().mapOutcomes(reqs, Batch.size(4));
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            assertThat(o.errorOrNull() == null ? null : o.errorOrNull().type())
                    .as("error type of outcome %d (%s): %s", i, reqs.get(i), o.errorOrNull()).isEqualTo(expected.get(i));
        }
    }

    /** The fault gives {@code type}; the next request on the same client still works. */
    private void faultThenRecovery(String faultPath, ErrorType type) {
        Salvo client = kit().client();
        Kit.expectFailure(type, () -> client.execute(Request.get(kit().url(faultPath))));
        Response next = client.execute(Request.get(kit().url("/get")));
        assertThat(next.status()).as("status of the request after %s", faultPath).isEqualTo(200);
        Kit.expectFailure(type, () -> client.execute(Request.get(kit().url(faultPath))));
    }
}
