package dev.salvo.cli;

import dev.salvo.Request;

/** One request line of the input (blank lines and {@code #} comments are not requests), parsed. */
sealed interface Line permits Line.Valid, Line.Invalid {

    /** The 1-based line number in the input. */
    long number();

    /** A line that became a request; its tag is a {@link Meta}. */
    record Valid(long number, Request request) implements Line {
    }

    /** A line that cannot be sent: bad JSON, bad URL, bad header, ... ({@code url} when it could be read, else null). */
    record Invalid(long number, String url, Object tag, String message) implements Line {
    }

    /** What a record needs from its line besides the request: the line number and the user's tag (a JSON value or null). */
    record Meta(long line, Object tag) {
    }
}
