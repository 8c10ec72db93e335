package dev.salvo.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.Salvo;
import dev.salvo.SalvoConfig;
import dev.salvo.conformance.support.Configs;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@RunsOnEveryJdk
class JdkReleasesTest {

    @ParameterizedTest
    @ValueSource(strings = {"17", "17.0.1", "17.0.15", "17.0.16+8", "18", "18.0.2.1"})
    void releasesWithTheLeakAreRefusedNamingWhatWorks(String version) {
        Optional<String> reason = JdkReleases.unavailableReason(Runtime.Version.parse(version));
        assertThat(reason).as("reason for Java %s", version).isPresent();
        assertThat(reason.get()).contains("Java " + version, "17.0.17 or later", "21 or later", "netty or okhttp",
                "JDK-8277969");
    }

    @ParameterizedTest
    @ValueSource(strings = {"17.0.17", "17.0.19+10", "17.0.21", "19", "20.0.2", "21", "21.0.1", "25", "25.0.1+8-LTS"})
    void releasesWithTheFixRun(String version) {
        assertThat(JdkReleases.unavailableReason(Runtime.Version.parse(version))).as("reason for Java %s", version).isEmpty();
    }

    @Test
    void onThisJvmTheProviderTheTransportAndCoreAgree() {
        Optional<String> reason = JdkReleases.unavailableReason(Runtime.version());
        JdkTransportProvider provider = new JdkTransportProvider();
        assertThat(provider.unavailableReason()).isEqualTo(reason);
        if (reason.isPresent()) {
            assertThatThrownBy(() -> new JdkTransport(Configs.config()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(reason.get());
            assertThatThrownBy(() -> Salvo.create(SalvoConfig.defaults(), provider))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Salvo transport 'jdk' cannot run on this JVM").hasMessageContaining(reason.get());
        } else {
            try (Salvo client = Salvo.create(SalvoConfig.defaults(), provider)) {
                assertThat(client.transportName()).isEqualTo("jdk");
            }
        }
    }
}
