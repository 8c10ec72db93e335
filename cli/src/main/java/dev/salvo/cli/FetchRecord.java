package dev.salvo.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * One output line: what happened to one input request. Every field is always written (null when
 * it does not apply), so a JSON Lines consumer sees the same keys on every line; {@code body},
 * {@code body_encoding} and {@code body_file} appear only when asked for.
 *
 * @param index     position among the input's request lines, from 0 (blank and comment lines do not count)
 * @param line      1-based line number in the input
 * @param url       the URL sent (query parameters included), or as written for an invalid line (null if unreadable)
 * @param finalUrl  the URL of the final response after redirects, null for a failure
 * @param status    the response status, null for a failure
 * @param elapsedMs from the first attempt's start to the end of the body (for a failure: to the failure), 0 if never sent
 * @param attempts  attempts made (0 for a line that was never sent)
 * @param bytes     response body bytes (after decompression), 0 for a failure
 * @param tag       the JSON line's {@code tag}, or null
 * @param errorType the error kind ({@code dev.salvo.ErrorType} name), null for a response
 * @param errorMessage what went wrong, null for a response
 */
record FetchRecord(long index, long line, String url, String finalUrl, Integer status, double elapsedMs, int attempts,
              long bytes, Object tag, String errorType, String errorMessage, Body body, String bodyFile) {

    /** A response body written into the record: as text, or base64 for binary content. */
    record Body(String content, String encoding) {
    }

    boolean failed() {
        return errorType != null;
    }

    /** The record as one JSON line (no trailing newline). */
    String toJson(ObjectMapper mapper) {
        StringWriter out = new StringWriter(256);
        JsonFactory factory = mapper.getFactory();
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.setCodec(mapper);
            g.writeStartObject();
            g.writeNumberField("index", index);
            g.writeNumberField("line", line);
            g.writeStringField("url", url);
            g.writeStringField("final_url", finalUrl);
            if (status == null) {
                g.writeNullField("status");
            } else {
                g.writeNumberField("status", status);
            }
            g.writeNumberField("elapsed_ms", elapsedMs);
            g.writeNumberField("attempts", attempts);
            g.writeNumberField("bytes", bytes);
            g.writeFieldName("tag");
            g.writeObject(tag);
            if (errorType == null) {
                g.writeNullField("error");
            } else {
                g.writeObjectFieldStart("error");
                g.writeStringField("type", errorType);
                g.writeStringField("message", errorMessage);
                g.writeEndObject();
            }
            if (body != null) {
                g.writeStringField("body", body.content());
                g.writeStringField("body_encoding", body.encoding());
            }
            if (bodyFile != null) {
                g.writeStringField("body_file", bodyFile);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
