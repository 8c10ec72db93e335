package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UnavailableTransportTest {

    @Test
    void aProviderThatCannotRunFailsCreateWithItsReasonAndIsNeverAskedForATransport() {
        AtomicInteger created = new AtomicInteger();
        TransportProvider refusing = new TransportProvider() {
            @Override
            public String name() {
                return "refusing";
            }

            @Override
            public Transport create(TransportConfig config) {
                created.incrementAndGet();
                throw new AssertionError("create must not be called");
            }

            @Override
            public Optional<String> unavailableReason() {
                return Optional.of("this stack leaks sockets here; use version 2 or later");
            }
        };

        assertThatThrownBy(() -> Salvo.create(SalvoConfig.defaults(), refusing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Salvo transport 'refusing' cannot run on this JVM")
                .hasMessageContaining("this stack leaks sockets here; use version 2 or later");
        assertThat(created).as("transports created").hasValue(0);
    }

    @Test
    void aProviderIsAvailableUnlessItSaysOtherwise() {
        FakeTransport fake = new FakeTransport();
        assertThat(FakeTransport.provider(fake).unavailableReason()).isEmpty();
        try (Salvo client = Salvo.create(SalvoConfig.defaults(), FakeTransport.provider(fake))) {
            assertThat(client.transportName()).isNotBlank();
        }
    }
}
