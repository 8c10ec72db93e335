package dev.salvo.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.salvo.Salvo;
import dev.salvo.conformance.support.Configs;
import dev.salvo.spi.Capability;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Discovery: the service entry, the Guice module, and what the transport declares. */
class ProviderTest {

    @Test
    void isTheOnlyServiceAndIsNamedNetty() {
        List<TransportProvider> found = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertThat(found).as("providers on the classpath").hasSize(1);
        assertThat(found.get(0)).isInstanceOf(NettyTransportProvider.class);
        assertThat(found.get(0).name()).as("name").isEqualTo("netty");
    }

    @Test
    void guiceModuleBindsTheProviderAsASingleton() {
        Injector injector = Guice.createInjector(new NettyTransportModule());
        TransportProvider p = injector.getInstance(TransportProvider.class);
        assertThat(p).isInstanceOf(NettyTransportProvider.class).isSameAs(injector.getInstance(TransportProvider.class));
        try (Transport t = p.create(Configs.config())) {
            assertThat(t).isInstanceOf(NettyTransport.class);
        }
    }

    @Test
    void salvoCreateFindsIt() {
        try (Salvo salvo = Salvo.create(); Transport netty = new NettyTransportProvider().create(Configs.config())) {
            assertThat(salvo.capabilities()).as("capabilities of Salvo.create() with only netty on the classpath")
                    .isEqualTo(netty.capabilities())
                    .contains(Capability.REASON_PHRASE, Capability.HOST_OVERRIDE, Capability.EXACT_ATTEMPTS,
                            Capability.STRICT_HEAD_PARSING, Capability.IDLE_TIMEOUT_IN_HEAD,
                            Capability.CLOSE_ON_PARSE_ERROR, Capability.RELEASE_ON_CLOSE);
        }
    }
}
