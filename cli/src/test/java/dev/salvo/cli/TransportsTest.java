package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code salvo transports} and how the command chooses a transport (the rule itself is core's TransportChoiceTest). */
class TransportsTest {

    @Test
    void listsWhatIsFoundAndWhichIsChosenAndWhy() {
        Cli.Run run = Cli.run("", "transports");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("transports found: jdk, okhttp, netty",
                "chosen: netty (the preference netty > okhttp > jdk among", "; choose another with --transport NAME");
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
    void theFlagBeatsTheEnvironment() {
        Cli.Run run = Cli.run(new ByteArrayInputStream(new byte[0]), Map.of("SALVO_TRANSPORT", "jdk"), "transports",
                "--transport", "okhttp");

        assertThat(run.out()).contains("chosen: okhttp (asked for by --transport)");
    }
}
