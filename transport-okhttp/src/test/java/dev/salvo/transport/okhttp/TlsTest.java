package dev.salvo.transport.okhttp;

import static dev.salvo.transport.okhttp.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.ErrorType;
import dev.salvo.conformance.support.Exchanges;
import dev.salvo.spi.HttpVersion;
import dev.salvo.spi.TlsSettings;
import dev.salvo.spi.TransportConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Host names are OkHttp's to check: on unless the settings turn it off; HTTP/2 is offered only when asked. */
class TlsTest {
    @RegisterExtension
    static final Fixture env = new Fixture();

    @Test
    void wrongHostIsRejectedWithTheCaTrustedAndAcceptedWhenTheCheckIsOff() {
        TlsSettings trusting = trusting();
        URI wrongHost = env.server().httpsWrongHostUrl().resolve("/get");
        try (OkHttpTransport checked = Fixture.transport(with(trusting, HttpVersion.HTTP_1_1))) {
            assertThat(Exchanges.failureType(checked.exchange(get(wrongHost)))).isEqualTo(ErrorType.TLS);
            assertThat(Exchanges.await(checked.exchange(get(env.server().httpsUrl().resolve("/get")))).status())
                    .as("the right host").isEqualTo(200);
        }
        TlsSettings noHostCheck = new TlsSettings(trusting.sslContext(), trusting.trustManager(), null, false);
        try (OkHttpTransport unchecked = Fixture.transport(with(noHostCheck, HttpVersion.HTTP_1_1))) {
            assertThat(Exchanges.await(unchecked.exchange(get(wrongHost))).status()).as("wrong host, no check").isEqualTo(200);
        }
    }

    @Test
    void http2WhenAskedFallsBackToHttp11WithThisServer() {
        try (OkHttpTransport t = Fixture.transport(with(trusting(), HttpVersion.HTTP_2))) {
            assertThat(Exchanges.await(t.exchange(get(env.server().httpsUrl().resolve("/get")))).status()).isEqualTo(200);
            assertThat(Exchanges.await(t.exchange(get(env.url("/get")))).status()).isEqualTo(200);
        }
    }

    private static TlsSettings trusting() {
        return dev.salvo.spi.TlsSettings.of(dev.salvo.Tls.builder().trustStore(env.server().certificates().trustStore()).build());
    }

    private static TransportConfig with(TlsSettings tls, HttpVersion protocol) {
        TransportConfig c = Fixture.config();
        return new TransportConfig(c.connectTimeout(), c.readTimeout(), c.maxConnections(), c.maxConnectionsPerHost(),
                c.maxIdleConnections(), c.idleTimeout(), tls, protocol, 0);
    }
}
