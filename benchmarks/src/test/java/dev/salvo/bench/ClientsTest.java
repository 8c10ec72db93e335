package dev.salvo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.Salvo;
import org.junit.jupiter.api.Test;

class ClientsTest {

    @Test
    void onlyASalvoRowWhoseTransportRefusesThisJvmIsNotRun() {
        assertThat(Clients.refusal(Clients.WRK)).as("wrk").isNull();
        assertThat(Clients.refusal(Clients.JDK_TUNED)).as("the raw JDK client, no Salvo transport").isNull();
        assertThat(Clients.refusal(Clients.SALVO_NETTY)).as("salvo netty").isNull();
        String jdk = Salvo.unavailableTransports().get("jdk");
        for (String row : new String[] {Clients.SALVO_JDK, Clients.SALVO_JDK + Clients.COMMON_POOL_2}) {
            if (jdk == null) {
                assertThat(Clients.refusal(row)).as(row).isNull();
            } else {
                assertThat(Clients.refusal(row)).as(row).startsWith("not run: the jdk transport refuses Java")
                        .endsWith(jdk);
            }
        }
    }
}
