package dev.salvo.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.conformance.support.Configs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolPropertiesTest {

    @Test
    void keepAliveIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(PoolProperties.keepAliveSeconds(Duration.ofSeconds(60))).isEqualTo(60);
        assertThat(PoolProperties.keepAliveSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(PoolProperties.keepAliveSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(PoolProperties.keepAliveSeconds(Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void poolSizeIsAtLeastOneBecauseTheJdkReadsZeroAsUnbounded() {
        assertThat(PoolProperties.poolSize(Configs.config(b -> b.maxIdle(0)))).isEqualTo(1);
        assertThat(PoolProperties.poolSize(Configs.config(b -> b.maxIdle(64)))).isEqualTo(64);
    }

    @Test
    void aTransportLeavesBothLimitsSetForTheJdkToRead() {
        Support.transport(Configs.config()).close();
        assertThat(System.getProperty(PoolProperties.POOL_SIZE)).as(PoolProperties.POOL_SIZE).isNotNull()
                .satisfies(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(System.getProperty(PoolProperties.KEEP_ALIVE)).as(PoolProperties.KEEP_ALIVE).isNotNull()
                .satisfies(v -> assertThat(Long.parseLong(v)).isPositive());
    }
}
