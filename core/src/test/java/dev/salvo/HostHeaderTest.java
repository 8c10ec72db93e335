package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.spi.Capability;
import dev.salvo.spi.TransportRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Design rule 23's "one Host": a Host header from any source is sent as the only Host by a
 * transport that declares {@link Capability#HOST_OVERRIDE}; on one that cannot send it the request
 * is refused before any byte goes out, never sent with the Host silently dropped. A user's Host
 * names the original origin, so a redirect to another origin does not carry it.
 */
class HostHeaderTest {
    private final FakeTransport transport = new FakeTransport();
    private Salvo salvo;

    @AfterEach
    void stop() {
        if (salvo != null) {
            salvo.close();
        }
    }

    private Salvo client(SalvoConfig config, Capability... capabilities) {
        transport.capabilities = Set.of(capabilities);
        salvo = Salvo.create(config, FakeTransport.provider(transport));
        return salvo;
    }

    @Test
    void aHostFromAnySourceIsRefusedBeforeSendingWhenTheTransportCannotSendIt() {
        Salvo c = client(SalvoConfig.builder().build());
        Session withHost = c.newSession().header("Host", "virtual.test").build();
        Salvo defaults = Salvo.create(SalvoConfig.builder().header("Host", "virtual.test").build(),
                FakeTransport.provider(transport));
        try {
            List<Outcome> outcomes = List.of(
                    c.mapOutcomes(List.of(Request.builder("GET", "http://a.test/ok").header("Host", "v.test").build()),
                            Batch.size(1)).get(0),
                    withHost.mapOutcomes(List.of(Request.get("http://a.test/ok")), Batch.size(1)).get(0),
                    defaults.mapOutcomes(List.of(Request.get("http://a.test/ok")), Batch.size(1)).get(0));
            for (Outcome o : outcomes) {
                assertThat(o.errorOrNull()).as("outcome of %s", o.request()).isNotNull();
                assertThat(o.errorOrNull().type()).isEqualTo(ErrorType.INVALID_REQUEST);
                assertThat(o.errorOrNull().getMessage()).contains("Host").contains("HOST_OVERRIDE");
            }
        } finally {
            defaults.close();
        }
        assertThat(transport.received).as("exchanges sent").isEmpty();
    }

    @Test
    void aTransportThatCanSendHostGetsTheUsersOne() {
        Response r = client(SalvoConfig.builder().build(), Capability.HOST_OVERRIDE)
                .execute(Request.builder("GET", "http://a.test/ok").header("host", "virtual.test").build());
        assertThat(r.status()).isEqualTo(200);
        TransportRequest sent = transport.received.get(0);
        assertThat(sent.headers().all("Host")).as("Host fields handed to the transport").containsExactly("virtual.test");
    }

    @Test
    void severalHostValuesAreRefusedBeforeSending() {
        Salvo c = client(SalvoConfig.builder().build(), Capability.HOST_OVERRIDE);
        Outcome o = c.mapOutcomes(List.of(Request.builder("GET", "http://a.test/ok").header("Host", "one.test")
                .header("Host", "two.test").build()), Batch.size(1)).get(0);
        assertThat(o.errorOrNull()).isNotNull();
        assertThat(o.errorOrNull().type()).isEqualTo(ErrorType.INVALID_REQUEST);
        assertThat(o.errorOrNull().getMessage()).contains("2 Host values").contains("one.test").contains("two.test");
        assertThat(transport.received).as("exchanges sent").isEmpty();
    }

    @Test
    void aRedirectToAnotherOriginDropsTheUsersHost() {
        Salvo c = client(SalvoConfig.builder().header("Host", "client.test").build(), Capability.HOST_OVERRIDE);
        Response r = c.execute(Request.builder("GET", "http://a.test/redirect?to=http://b.test/ok&code=302")
                .header("Host", "virtual.test").build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(transport.received).hasSize(2);
        assertThat(transport.received.get(0).headers().all("Host")).containsExactly("virtual.test");
        assertThat(transport.received.get(1).headers().contains("Host")).as("Host on the hop to b.test").isFalse();
    }

    @Test
    void aRedirectWithinTheOriginKeepsTheUsersHost() {
        Salvo c = client(SalvoConfig.builder().build(), Capability.HOST_OVERRIDE);
        c.execute(Request.builder("GET", "http://a.test/redirect?to=/ok&code=302").header("Host", "virtual.test").build());
        assertThat(transport.received).hasSize(2);
        assertThat(transport.received.get(1).headers().all("Host")).containsExactly("virtual.test");
    }
}
