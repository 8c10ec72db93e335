package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code salvo transports} and how the command chooses a transport. */
class TransportsTest {

    private static Set<String> found(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    @Test
    void listsWhatIsFoundAndWhichIsChosenAndWhy() {
        Cli.Run run = Cli.run("", "transports");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("transports found: jdk, okhttp, netty",
                "chosen: netty (the command's preference netty > okhttp > jdk");
    }

    @Test
    void aTransportThatRefusesThisJvmIsListedWithItsReason() {
        Cli.Run run = Cli.run("", "transports");

        java.util.Optional<String> jdk = new dev.salvo.transport.jdk.JdkTransportProvider().unavailableReason();
        if (jdk.isPresent()) {
            assertThat(run.out()).contains("jdk cannot run on this JVM: " + jdk.get());
        } else {
            assertThat(run.out()).doesNotContain("cannot run on this JVM");
        }
        assertThat(run.out()).doesNotContain("netty cannot run", "okhttp cannot run");
    }

    @Test
    void theEnvironmentVariableIsAChoiceToo() {
        Cli.Run run = Cli.run(new ByteArrayInputStream(new byte[0]), Map.of("SALVO_TRANSPORT", "jdk"), "transports");

        assertThat(run.out()).contains("chosen: jdk (asked for by environment variable SALVO_TRANSPORT)");
    }

    @Test
    void anUnknownNameIsAUsageError() {
        Cli.Run run = Cli.run("", "transports", "--transport", "carrier-pigeon");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("transport 'carrier-pigeon' (asked for by --transport) is not on the classpath",
                "available: jdk");
    }

    @Test
    void theFlagBeatsThePropertyWhichBeatsTheEnvironment() {
        Set<String> all = found("jdk", "okhttp", "netty");
        assertThat(TransportChoice.choose("okhttp", "jdk", "netty", all).name()).isEqualTo("okhttp");
        assertThat(TransportChoice.choose(null, "jdk", "netty", all).name()).isEqualTo("jdk");
        assertThat(TransportChoice.choose(" ", null, "netty", all))
                .isEqualTo(new TransportChoice("netty", "asked for by environment variable SALVO_TRANSPORT"));
    }

    @Test
    void withSeveralAndNoChoiceTheCommandPrefersNettyThenOkhttpThenJdk() {
        assertThat(TransportChoice.choose(null, null, null, found("jdk", "okhttp", "netty")).name()).isEqualTo("netty");
        assertThat(TransportChoice.choose(null, null, null, found("jdk", "okhttp")).name()).isEqualTo("okhttp");
        assertThat(TransportChoice.choose(null, null, null, found("jdk", "other")).name()).isEqualTo("jdk");
        assertThat(TransportChoice.choose(null, null, null, found("x", "y")).name()).isEqualTo("x");
        assertThat(TransportChoice.choose(null, null, null, found("jdk", "netty")).reason())
                .contains("preference netty > okhttp > jdk");
    }

    @Test
    void noTransportAtAllSaysWhatToAdd() {
        assertThatThrownBy(() -> TransportChoice.choose(null, null, null, Set.of()))
                .hasMessageContaining("add salvo-transport-jdk");
    }
}
