package dev.salvo.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.ErrorType;
import dev.salvo.Headers;
import dev.salvo.SalvoException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WireRulesTest {
    private static final TransportRequest GET = new TransportRequest("GET", URI.create("http://h/x"), Headers.empty(),
            null, Duration.ofSeconds(1), Duration.ofSeconds(1), false, 1000);

    private static SalvoException check(int status, String... namesAndValues) {
        return WireRules.checkHead(GET, status, Headers.of(namesAndValues));
    }

    @Test
    void aPlainHeadPasses() {
        assertThat(check(200, "Content-Length", "5", "Content-Type", "text/plain")).isNull();
        assertThat(check(200, "Transfer-Encoding", "chunked")).isNull();
        assertThat(check(599)).isNull();
        assertThat(check(100)).isNull();
    }

    @Test
    void statusOutside100To599IsProtocol() {
        for (int status : new int[] {0, 99, 600, 999, 999_999, -1}) {
            SalvoException e = check(status);
            assertThat(e).as("status %d", status).isNotNull();
            assertThat(e.type()).isEqualTo(ErrorType.PROTOCOL);
            assertThat(e.getMessage()).contains(String.valueOf(status)).contains("GET http://h/x");
        }
    }

    @Test
    void transferEncodingWithContentLengthIsProtocol() {
        SalvoException e = check(200, "Transfer-Encoding", "chunked", "Content-Length", "10");
        assertThat(e.type()).isEqualTo(ErrorType.PROTOCOL);
        assertThat(e.getMessage()).contains("Transfer-Encoding").contains("Content-Length");
    }

    @Test
    void malformedContentLengthsAreProtocol() {
        for (String value : new String[] {"-1", "5x", "", " ", "+5", "0x10", "5;q", "99999999999999999999"}) {
            SalvoException e = check(200, "Content-Length", value);
            assertThat(e).as("Content-Length '%s'", value).isNotNull();
            assertThat(e.type()).isEqualTo(ErrorType.PROTOCOL);
        }
    }

    @Test
    void conflictingContentLengthsAreProtocolAndIdenticalOnesPass() {
        assertThat(check(200, "Content-Length", "5, 64").getMessage()).contains("conflicting").contains("5")
                .contains("64");
        assertThat(check(200, "Content-Length", "5", "Content-Length", "64").type()).isEqualTo(ErrorType.PROTOCOL);
        assertThat(check(200, "Content-Length", "5, 5")).isNull();
        assertThat(check(200, "Content-Length", "5", "Content-Length", "05")).isNull();
        assertThat(WireRules.declaredLength(Headers.of("Content-Length", "5, 5"))).isEqualTo(5);
    }

    @Test
    void tooManyOrTooLargeFieldsAreProtocol() {
        Headers.Builder many = Headers.builder();
        for (int i = 0; i <= WireRules.MAX_HEADER_FIELDS; i++) {
            many.add("X-" + i, "v");
        }
        assertThat(WireRules.checkHead(GET, 200, many.build()).getMessage()).contains("header fields")
                .contains(String.valueOf(WireRules.MAX_HEADER_FIELDS));
        Headers.Builder large = Headers.builder();
        String kib = "a".repeat(1024);
        for (int i = 0; i < 256; i++) {
            large.add("X-" + i, kib);
        }
        assertThat(WireRules.checkHead(GET, 200, large.build()).getMessage()).contains("bytes of header fields");
        Headers.Builder fiveThousandCookies = Headers.builder();
        for (int i = 0; i < 5000; i++) {
            fiveThousandCookies.add("Set-Cookie", "c" + i + "=v; Path=/");
        }
        assertThat(WireRules.checkHead(GET, 200, fiveThousandCookies.build())).isNull();
    }

    @Test
    void anInvalidFieldTheStackPassedOnIsProtocol() {
        IllegalArgumentException refused = new IllegalArgumentException("bad");
        assertThatThrownBy(() -> Headers.of("X-A", "a\rX-Injected: yes")).isInstanceOf(IllegalArgumentException.class);
        SalvoException e = WireRules.invalidField(GET, refused);
        assertThat(e.type()).isEqualTo(ErrorType.PROTOCOL);
        assertThat(e.getCause()).isSameAs(refused);
    }

    @Test
    void bodilessResponsesAndFramingHeaders() {
        assertThat(WireRules.hasNoBody("HEAD", 200)).isTrue();
        assertThat(WireRules.hasNoBody("GET", 204)).isTrue();
        assertThat(WireRules.hasNoBody("GET", 304)).isTrue();
        assertThat(WireRules.hasNoBody("GET", 103)).isTrue();
        assertThat(WireRules.hasNoBody("GET", 200)).isFalse();
        assertThat(WireRules.isFraming("transfer-ENCODING")).isTrue();
        assertThat(WireRules.isFraming("Content-Length")).isTrue();
        assertThat(WireRules.isFraming("Host")).isFalse();
        assertThat(WireRules.isFraming("X-Content-Length")).isFalse();
    }

    @Test
    void bodyTooLargeNamesTheCap() {
        SalvoException e = WireRules.bodyTooLarge(GET, 1000, 5000);
        assertThat(e.type()).isEqualTo(ErrorType.BODY_TOO_LARGE);
        assertThat(e.getMessage()).contains("1000").contains("5000").contains("GET http://h/x");
    }
}
