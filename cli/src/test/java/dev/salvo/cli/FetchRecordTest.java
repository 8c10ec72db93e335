package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The hand-written JSON line: valid JSON with every field, strings escaped as Jackson escapes them. */
class FetchRecordTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void escapesQuotesBackslashesAndControlCharactersAndKeepsTheRest() throws Exception {
        String tricky = "a\"b\\c\nd\re\tf\bg\fh\u0001i\u001fj/é€😀";
        FetchRecord r = new FetchRecord(3, 4, tricky, null, null, 1.5, 2, 0, MAPPER.readTree("{\"k\":[1,\"x\"]}"),
                "READ_TIMEOUT", tricky, new FetchRecord.Body(tricky, "text"), "/tmp/3.body");

        String json = r.toJson(MAPPER);

        String escaped = MAPPER.writeValueAsString(tricky);
        assertThat(json).contains("\"url\":" + escaped, "\"message\":" + escaped, "\"body\":" + escaped);
        JsonNode node = MAPPER.readTree(json);
        assertThat(node.get("index").asLong()).isEqualTo(3);
        assertThat(node.get("line").asLong()).isEqualTo(4);
        assertThat(node.get("url").asText()).isEqualTo(tricky);
        assertThat(node.get("final_url").isNull()).isTrue();
        assertThat(node.get("status").isNull()).isTrue();
        assertThat(node.get("elapsed_ms").asDouble()).isEqualTo(1.5);
        assertThat(node.get("attempts").asInt()).isEqualTo(2);
        assertThat(node.get("tag")).isEqualTo(MAPPER.readTree("{\"k\":[1,\"x\"]}"));
        assertThat(node.get("error").get("type").asText()).isEqualTo("READ_TIMEOUT");
        assertThat(node.get("error").get("message").asText()).isEqualTo(tricky);
        assertThat(node.get("body").asText()).isEqualTo(tricky);
        assertThat(node.get("body_encoding").asText()).isEqualTo("text");
        assertThat(node.get("body_file").asText()).isEqualTo("/tmp/3.body");
    }

    @Test
    void aResponseHasTheSameKeysInTheSameOrderAsAlways() throws Exception {
        FetchRecord r = new FetchRecord(0, 1, "http://h/x", "http://h/y", 200, 0.25, 1, 12, null, null, null, null, null);

        assertThat(r.toJson(MAPPER)).isEqualTo("{\"index\":0,\"line\":1,\"url\":\"http://h/x\",\"final_url\":\"http://h/y\","
                + "\"status\":200,\"elapsed_ms\":0.25,\"attempts\":1,\"bytes\":12,\"tag\":null,\"error\":null}");
    }
}
