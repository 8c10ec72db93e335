package dev.salvo.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.salvo.Salvo;
import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Discovery: the service entry, the Guice module, and Salvo.create() choosing it. */
class ProviderTest {

    @Test
    void isTheOnlyServiceOnTheClasspathAndIsNamedOkhttp() {
        List<TransportProvider> found = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).isInstanceOf(OkHttpTransportProvider.class);
        assertThat(found.get(0).name()).isEqualTo("okhttp");
    }

    @Test
    void guiceModuleBindsTheProviderAsASingleton() {
        Injector injector = Guice.createInjector(new OkHttpTransportModule());
        TransportProvider p = injector.getInstance(TransportProvider.class);
        assertThat(p).isInstanceOf(OkHttpTransportProvider.class).isSameAs(injector.getInstance(TransportProvider.class));
        try (Transport t = p.create(Fixture.config())) {
            assertThat(t).isInstanceOf(OkHttpTransport.class);
        }
    }

    @Test
    void salvoCreateChoosesItWhenItIsTheOnlyTransport() {
        try (Salvo salvo = Salvo.create()) {
            assertThat(salvo.transportName()).isEqualTo("okhttp");
        }
    }
}
