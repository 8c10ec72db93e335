package dev.salvo.examples;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a value out of an httpbin echo without a JSON library, to keep the examples about Salvo. */
final class Echo {
    private Echo() {
    }

    /** The first string value of {@code "name": "..."} in {@code json}, or null. */
    static String arg(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The first number value of {@code "name": 123} in {@code json}, or -1. */
    static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
