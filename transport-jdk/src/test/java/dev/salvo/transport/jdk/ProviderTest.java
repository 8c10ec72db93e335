package dev.salvo.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.salvo.Salvo;
import dev.salvo.conformance.support.Configs;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Discovery: the service entry and the Guice module. */
class ProviderTest {

    @Test
    void isAServiceNamedJdk() {
        List<TransportProvider> found = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).isInstanceOf(JdkTransportProvider.class);
        assertThat(found.get(0).name()).isEqualTo("jdk");
        assertThat(Salvo.availableTransports()).as("the public list of transports found").containsExactly("jdk");
    }

    @Test
    void guiceModuleBindsTheProviderAsASingleton() {
        Injector injector = Guice.createInjector(new JdkTransportModule());
        TransportProvider p = injector.getInstance(TransportProvider.class);
        assertThat(p).isInstanceOf(JdkTransportProvider.class).isSameAs(injector.getInstance(TransportProvider.class));
        try (Transport t = p.create(Configs.config())) {
            assertThat(t).isInstanceOf(JdkTransport.class);
        }
    }
}
