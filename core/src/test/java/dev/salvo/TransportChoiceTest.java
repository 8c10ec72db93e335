package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.spi.Transport;
import dev.salvo.spi.TransportConfig;
import dev.salvo.spi.TransportProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one rule for choosing a transport, over fake providers. */
class TransportChoiceTest {

    private static TransportProvider runs(String name) {
        return provider(name, null);
    }

    private static TransportProvider refuses(String name, String reason) {
        return provider(name, reason);
    }

    private static TransportProvider provider(String name, String refusal) {
        return new TransportProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Transport create(TransportConfig config) {
                throw new AssertionError("choosing never creates a transport");
            }

            @Override
            public Optional<String> unavailableReason() {
                return Optional.ofNullable(refusal);
            }
        };
    }

    private static TransportChoice choose(String explicit, String property, String env, TransportProvider... found) {
        return TransportChoice.choose(explicit, "the builder", property, env, List.of(found));
    }

    @Test
    void anExplicitChoiceBeatsThePropertyWhichBeatsTheEnvironment() {
        TransportProvider[] all = {runs("jdk"), runs("okhttp"), runs("netty")};

        assertThat(choose("okhttp", "jdk", "netty", all)).hasToString("okhttp (asked for by the builder)");
        assertThat(choose(null, "jdk", "netty", all)).hasToString("jdk (asked for by system property salvo.transport)");
        assertThat(choose(" ", "", " netty ", all)).as("blank is unset; names are trimmed")
                .hasToString("netty (asked for by environment variable SALVO_TRANSPORT)");
        assertThat(choose(null, null, "jdk", all).named()).isTrue();
        assertThat(choose(null, null, null, all).named()).as("chosen by the preference").isFalse();
    }

    @Test
    void aNamedTransportThatCannotRunIsStillTheChoiceSoCreatingFailsWithItsReason() {
        TransportChoice c = choose(null, null, "jdk", refuses("jdk", "JDK bug"), runs("netty"));

        assertThat(c.name()).isEqualTo("jdk");
        assertThatThrownBy(() -> Salvo.create(SalvoConfig.defaults(), c.provider()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JDK bug");
    }

    @Test
    void aNameNotOnTheClasspathFailsListingWhatIs() {
        assertThatThrownBy(() -> choose("carrier-pigeon", null, null, runs("jdk"), runs("netty")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Salvo transport 'carrier-pigeon' (asked for by the builder) is not on the classpath; "
                        + "available: jdk, netty.");
        assertThatThrownBy(() -> choose(null, "okhttp", null))
                .hasMessageContaining("(asked for by system property salvo.transport)")
                .hasMessageContaining("no transport is. Add one of dev.salvo:salvo-transport-netty");
    }

    @Test
    void withNothingNamedNettyThenOkhttpThenJdkThenOthersByName() {
        assertThat(choose(null, null, null, runs("jdk"), runs("okhttp"), runs("netty")).name()).isEqualTo("netty");
        assertThat(choose(null, null, null, runs("jdk"), runs("okhttp")).name()).isEqualTo("okhttp");
        assertThat(choose(null, null, null, runs("zeta"), runs("jdk"), runs("alpha")).name()).isEqualTo("jdk");
        assertThat(choose(null, null, null, runs("zeta"), runs("alpha")).name()).as("unknown ones by name, not classpath order")
                .isEqualTo("alpha");
        assertThat(choose(null, null, null, runs("jdk"), runs("netty")).reason())
                .isEqualTo("the preference netty > okhttp > jdk among [jdk, netty]");
    }

    @Test
    void transportsThatCannotRunAreSkippedAndSaidSo() {
        TransportChoice c = choose(null, null, null, refuses("netty", "no native library"), runs("jdk"));

        assertThat(c.name()).isEqualTo("jdk");
        assertThat(c.reason()).isEqualTo("the only transport on the classpath that can run here (netty: no native library)");
    }

    @Test
    void noTransportOrNoneThatCanRunFailsSayingWhatToAdd() {
        assertThatThrownBy(() -> choose(null, null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No Salvo transport on the classpath. Add one of dev.salvo:salvo-transport-netty, "
                        + "dev.salvo:salvo-transport-okhttp or dev.salvo:salvo-transport-jdk.");
        assertThatThrownBy(() -> choose(null, null, null, refuses("jdk", "JDK bug 8335181"), refuses("x", "too old")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Salvo transport on the classpath can run on this JVM (Java " + Runtime.version() + ")")
                .hasMessageContaining("jdk: JDK bug 8335181; x: too old")
                .hasMessageContaining("Add another of dev.salvo:salvo-transport-netty");
    }
}
