package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationsTest {

    @Test
    void readsUnitsAndIso() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void refusesNumbersWithoutUnitsAndZero() {
        assertThatThrownBy(() -> Durations.parse("10")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("examples: 500ms");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("longer than zero");
    }
}
