package dev.salvo.transport.netty;

import static dev.salvo.conformance.support.RequestBuilder.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.conformance.support.Configs;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.conformance.support.RawPeer;
import dev.salvo.spi.Capability;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly one Host line goes out (the transport declares {@link Capability#HOST_OVERRIDE}): the
 * user's, in whatever case it was written, else the one derived from the URL. Read from the raw
 * request bytes, where a second line cannot hide.
 */
class HostHeaderTest {
    private static RawPeer peer;
    private static NettyTransport transport;

    @BeforeAll
    static void start() throws IOException {
        peer = RawPeer.start((r, out) -> out.write(RawPeer.ok("ok")));
        transport = Support.transport(Configs.config());
    }

    @AfterAll
    static void stop() throws IOException {
        transport.close();
        peer.close();
    }

    @Test
    void theTransportDeclaresHostOverride() {
        assertThat(transport.capabilities()).as("capabilities").contains(Capability.HOST_OVERRIDE);
    }

    @Test
    void withoutAUserHostTheDerivedOneGoesOutOnce() {
        List<String> lines = hostLines(get(peer.url("/derived")).build(), "/derived");
        assertThat(lines).as("Host lines on the wire").hasSize(1);
        assertThat(lines.get(0)).as("the Host line").isEqualToIgnoringCase("Host: 127.0.0.1:" + peer.port());
    }

    @Test
    void aUserHostReplacesTheDerivedOneWhateverItsCase() {
        for (String name : new String[] {"Host", "host", "HOST", "hOsT"}) {
            String target = "/user-" + name;
            List<String> lines = hostLines(get(peer.url(target)).header(name, "virtual.example.test").build(), target);
            assertThat(lines).as("Host lines on the wire for a user's '%s'", name).hasSize(1);
            assertThat(lines.get(0)).as("the Host line for a user's '%s'", name)
                    .endsWith(": virtual.example.test").startsWithIgnoringCase("host:");
        }
    }

    @Test
    void twoUserHostsStillMakeOneLineTheLastGiven() {
        List<String> lines = hostLines(get(peer.url("/two")).header("Host", "first.example.test")
                .header("host", "second.example.test").build(), "/two");
        assertThat(lines).as("Host lines on the wire for two user Hosts").hasSize(1);
        assertThat(lines.get(0)).as("the Host line").endsWith(": second.example.test");
    }

    private static List<String> hostLines(dev.salvo.spi.TransportRequest request, String target) {
        Exchanges.await(transport.exchange(request));
        return peer.last(target).lines("Host");
    }
}
