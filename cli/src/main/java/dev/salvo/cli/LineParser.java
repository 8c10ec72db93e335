package dev.salvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.salvo.Body;
import dev.salvo.Request;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Turns one input line into a request. A line starting with <code>{</code> is a JSON object
 * with {@code url} (required), {@code method}, {@code headers} (object of strings, or of arrays
 * of strings for repeated headers), {@code params} (object of scalars or arrays of scalars),
 * {@code body} (a string, sent as text/plain UTF-8), {@code json} (any JSON value, sent as
 * application/json) and {@code tag} (any JSON value, copied to the record). Any other line is
 * one URL, sent with the default method. Whatever is wrong with a line (bad JSON, an unknown
 * field, a bad URL, method or header) makes an {@link Line.Invalid} whose message names the
 * line and the field; it never throws.
 */
final class LineParser {
    private static final Set<String> FIELDS = Set.of("method", "url", "headers", "params", "body", "json", "tag");

    private final ObjectReader reader;
    private final String defaultMethod;

    LineParser(ObjectMapper mapper, String defaultMethod) {
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.defaultMethod = defaultMethod;
    }

    /** Parses a trimmed, non-blank, non-comment line. */
    Line parse(long number, String text) {
        if (!text.startsWith("{")) {
            try {
                return new Line.Valid(number, Request.builder(defaultMethod, text).tag(new Line.Meta(number, null)).build());
            } catch (IllegalArgumentException e) {
                return new Line.Invalid(number, text, null, "line " + number + ": " + e.getMessage());
            }
        }
        JsonNode node;
        try {
            node = reader.readTree(text);
        } catch (JsonProcessingException e) {
            return new Line.Invalid(number, null, null, "line " + number + ": invalid JSON: " + jsonProblem(e));
        }
        if (!node.isObject()) {
            return new Line.Invalid(number, null, null, "line " + number + ": expected a JSON object");
        }
        JsonNode url = node.get("url");
        String urlText = url != null && url.isTextual() ? url.asText() : null;
        JsonNode tag = node.get("tag");
        try {
            return new Line.Valid(number, fromJson(node, urlText, tag == null || tag.isNull() ? null : tag, number));
        } catch (IllegalArgumentException e) {
            return new Line.Invalid(number, urlText, tag, "line " + number + ": " + e.getMessage());
        }
    }

    private Request fromJson(JsonNode node, String url, JsonNode tag, long number) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (known: method, url, headers, params, body, json, tag)");
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("'url' is required and must be a string");
        }
        Request.Builder b = Request.builder(text(node, "method", defaultMethod), url).tag(new Line.Meta(number, tag));
        for (Map.Entry<String, JsonNode> h : entries(node, "headers")) {
            for (JsonNode v : values(h.getValue())) {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException("header '" + h.getKey() + "': value must be a string or an array of strings");
                }
                b.header(h.getKey(), v.asText());
            }
        }
        for (Map.Entry<String, JsonNode> p : entries(node, "params")) {
            for (JsonNode v : values(p.getValue())) {
                if (!v.isValueNode() || v.isNull()) {
                    throw new IllegalArgumentException("param '" + p.getKey() + "': value must be a string, number or boolean "
                            + "(or an array of them)");
                }
                b.param(p.getKey(), v.asText());
            }
        }
        JsonNode body = node.get("body");
        JsonNode json = node.get("json");
        if (body != null && json != null) {
            throw new IllegalArgumentException("give 'body' or 'json', not both");
        }
        if (body != null) {
            if (!body.isTextual()) {
                throw new IllegalArgumentException("'body' must be a string (use 'json' for a JSON value)");
            }
            b.body(Body.text(body.asText()));
        }
        if (json != null) {
            b.body(Body.json(json.toString()));
        }
        return b.build();
    }

    /** Jackson's message without its source-location noise, with the column. */
    private static String jsonProblem(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        int cut = m.indexOf(" (start marker");
        m = (cut > 0 ? m.substring(0, cut) : m).replace('\n', ' ');
        return e.getLocation() == null ? m : m + " (column " + e.getLocation().getColumnNr() + ")";
    }

    private static String text(JsonNode node, String field, String otherwise) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return v.asText();
    }

    private static Iterable<Map.Entry<String, JsonNode>> entries(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return java.util.List.of();
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("'" + field + "' must be a JSON object");
        }
        return v.properties();
    }

    private static Iterable<JsonNode> values(JsonNode v) {
        return v.isArray() ? v : java.util.List.of(v);
    }
}
