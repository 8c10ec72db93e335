package dev.salvo.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The input read lazily, one line at a time, as the batch asks for the next request: a line is
 * read only when a place in the batch is free, so an input of any length runs in bounded memory.
 * Blank lines and lines starting with {@code #} are skipped (they are not requests and get no
 * record); a leading byte-order mark is ignored.
 */
final class InputLines implements Iterator<Line> {
    private final BufferedReader reader;
    private final LineParser parser;
    private long number;
    private Line peeked;
    private boolean ended;

    InputLines(BufferedReader reader, LineParser parser) {
        this.reader = reader;
        this.parser = parser;
    }

    @Override
    public boolean hasNext() {
        while (peeked == null && !ended) {
            String text;
            try {
                text = reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("reading the input: " + e.getMessage(), e);
            }
            if (text == null) {
                ended = true;
                break;
            }
            number++;
            if (number == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            String trimmed = text.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                peeked = parser.parse(number, trimmed);
            }
        }
        return peeked != null;
    }

    @Override
    public Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Line l = peeked;
        peeked = null;
        return l;
    }
}
