package dev.salvo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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

    /**
     * The record as one JSON line (no trailing newline), written by hand: this runs once per
     * request, and a generator per record cost more than the request itself. Strings are escaped
     * as Jackson escapes them; only a tag (any JSON) goes through the mapper.
     */
    String toJson(ObjectMapper mapper) {
        StringBuilder b = new StringBuilder(192 + (body == null ? 0 : body.content().length()));
        b.append("{\"index\":").append(index).append(",\"line\":").append(line).append(",\"url\":");
        string(b, url);
        b.append(",\"final_url\":");
        string(b, finalUrl);
        b.append(",\"status\":").append(status).append(",\"elapsed_ms\":").append(elapsedMs)
                .append(",\"attempts\":").append(attempts).append(",\"bytes\":").append(bytes).append(",\"tag\":");
        if (tag == null) {
            b.append("null");
        } else {
            try {
                b.append(mapper.writeValueAsString(tag));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (errorType == null) {
            b.append(",\"error\":null");
        } else {
            b.append(",\"error\":{\"type\":");
            string(b, errorType);
            b.append(",\"message\":");
            string(b, errorMessage);
            b.append('}');
        }
        if (body != null) {
            b.append(",\"body\":");
            string(b, body.content());
            b.append(",\"body_encoding\":");
            string(b, body.encoding());
        }
        if (bodyFile != null) {
            b.append(",\"body_file\":");
            string(b, bodyFile);
        }
        return b.append('}').toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A JSON string: quotes, backslashes and control characters escaped, everything else as is. */
    static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            b.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        b.append(s, from, s.length()).append('"');
    }
}
