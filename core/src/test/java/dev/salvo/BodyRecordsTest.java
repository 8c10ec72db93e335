package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public body records and outcomes check their values as the factories do: no invalid one can be built. */
class BodyRecordsTest {

    @Test
    void bytesRefuseANullBodyAndABadContentType() {
        assertThatThrownBy(() -> new Body.Bytes(null, "text/plain")).isInstanceOf(NullPointerException.class)
                .hasMessage("body bytes");
        assertThatThrownBy(() -> new Body.Bytes(new byte[1], "text/plain\r\nX-Injected: 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Content-Type");
        assertThat(new Body.Bytes(new byte[3], null).contentType()).isEmpty();
        assertThatThrownBy(() -> Body.of(new byte[1], "a\nb")).as("the factory, the same check")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Content-Type");
    }

    @Test
    void aFileBodyNeedsAReadableFileAndAContentType(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "hi");

        assertThatThrownBy(() -> new Body.FileBody(dir.resolve("missing"), "text/plain"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a readable regular file");
        assertThatThrownBy(() -> new Body.FileBody(dir, "text/plain")).as("a directory")
                .hasMessageContaining("not a readable regular file");
        assertThatThrownBy(() -> new Body.FileBody(file, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("content type");
        assertThat(new Body.FileBody(file, "text/plain").contentLength()).isEqualTo(2);
    }

    @Test
    void aStreamBodyNeedsASource() {
        assertThatThrownBy(() -> new Body.StreamBody(null, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("body stream source");
        assertThatThrownBy(() -> new Body.StreamBody(() -> new ByteArrayInputStream(new byte[0]), "x\u0000"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Body.StreamBody(() -> new ByteArrayInputStream(new byte[0]), null).contentLength()).isEqualTo(-1);
    }

    @Test
    void outcomesNeedAPlaceAndTheirResponseOrError() {
        Request r = Request.get("http://h/");
        Response ok = Response.builder().status(200).request(r).build();

        assertThatThrownBy(() -> new Outcome.Success(-1, r, ok)).hasMessageContaining("index: must be >= 0");
        assertThatThrownBy(() -> new Outcome.Success(0, r, null)).hasMessage("response");
        assertThatThrownBy(() -> new Outcome.Failure(0, r, null)).hasMessage("error");
        assertThat(new Outcome.Failure(3, null, new SalvoException(ErrorType.INVALID_REQUEST, "null input")).request())
                .as("a null input element fails in its place").isNull();
    }
}
