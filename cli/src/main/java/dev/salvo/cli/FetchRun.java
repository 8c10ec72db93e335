package dev.salvo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salvo.Batch;
import dev.salvo.BatchListener;
import dev.salvo.Client;
import dev.salvo.ErrorType;
import dev.salvo.Outcome;
import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.SalvoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs input lines through one {@code imapEnumerated} batch and turns every line into exactly
 * one record. Everything happens on the calling thread: the batch pulls the next line only when a
 * place is free, so at most about twice the concurrency of lines are in memory.
 *
 * <p>Invalid lines go into the batch as {@code null}, which the batch reports as a failure in
 * that slot; the record then carries the parser's message. If the batch deadline passes, the
 * batch stops taking input, and every line not yet taken is reported here as
 * {@link ErrorType#DEADLINE_EXCEEDED} (not sent), so nothing is ever dropped.
 */
final class FetchRun {
    private final Client client;
    private final Batch batch;
    private final Iterator<Line> input;
    private final RecordSink sink;
    private final Summary summary;
    private final Progress progress;
    private final ObjectMapper mapper;
    private final boolean includeBody;
    private final Path bodiesDir;

    FetchRun(Client client, Batch batch, Iterator<Line> input, RecordSink sink, Summary summary, Progress progress,
             ObjectMapper mapper, boolean includeBody, Path bodiesDir) {
        this.client = client;
        this.batch = batch;
        this.input = input;
        this.sink = sink;
        this.summary = summary;
        this.progress = progress;
        this.mapper = mapper;
        this.includeBody = includeBody;
        this.bodiesDir = bodiesDir;
    }

    void run() {
        summary.begin();
        Map<Long, Line.Invalid> invalid = new HashMap<>();
        Map<Long, Long> startedNanos = new HashMap<>();
        long[] taken = {0};
        Iterator<Request> requests = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Request next() {
                Line line = input.next();
                long index = taken[0]++;
                if (line instanceof Line.Invalid bad) {
                    invalid.put(index, bad);
                    return null;
                }
                return ((Line.Valid) line).request();
            }
        };
        BatchListener timing = new BatchListener() {
            @Override
            public void onStarted(long index, Request request) {
                startedNanos.putIfAbsent(index, System.nanoTime());
            }
        };
        try (Stream<Outcome> outcomes = client.imapEnumerated(() -> requests, batch.listener(timing))) {
            outcomes.forEach(o -> {
                long index = o.index();
                Long started = startedNanos.remove(index);
                Line.Invalid bad = invalid.remove(index);
                emit(bad != null ? invalidRecord(index, bad) : record(o, started));
            });
        }
        // The deadline passed: the batch took no more input. Report the rest, unsent.
        while (input.hasNext()) {
            Line line = input.next();
            long index = taken[0]++;
            if (line instanceof Line.Invalid bad) {
                emit(invalidRecord(index, bad));
            } else {
                Request r = ((Line.Valid) line).request();
                emit(new FetchRecord(index, line.number(), r.uri().toString(), null, null, 0, 0, 0, meta(r).tag(),
                        ErrorType.DEADLINE_EXCEEDED.name(), "the batch deadline passed before this request was sent; it was not sent",
                        null, null));
            }
        }
    }

    private void emit(FetchRecord r) {
        summary.add(r);
        progress.step(r.failed());
        if (sink.writes()) {
            sink.accept(r.index(), r.toJson(mapper));
        }
    }

    private static FetchRecord invalidRecord(long index, Line.Invalid bad) {
        return new FetchRecord(index, bad.number(), bad.url(), null, null, 0, 0, 0, bad.tag(), ErrorType.INVALID_REQUEST.name(),
                bad.message(), null, null);
    }

    private FetchRecord record(Outcome o, Long startedNanos) {
        Request request = o.request();
        Line.Meta meta = meta(request);
        String url = request.uri().toString();
        if (o instanceof Outcome.Failure f) {
            SalvoException e = f.error();
            double elapsed = startedNanos == null ? 0 : millis(System.nanoTime() - startedNanos);
            int attempts = e.type() == ErrorType.INVALID_REQUEST && startedNanos == null ? 0 : e.attempts();
            return new FetchRecord(o.index(), meta.line(), url, null, null, elapsed, attempts, 0, meta.tag(), e.type().name(),
                    e.detail(), null, null);
        }
        Response r = ((Outcome.Success) o).response();
        byte[] body = r.body();
        String bodyFile = bodiesDir == null ? null : save(o.index(), body);
        return new FetchRecord(o.index(), meta.line(), url, r.url().toString(), r.status(), millis(r.elapsed().toNanos()),
                r.attempts(), body.length, meta.tag(), null, null, includeBody ? bodyOf(r, body) : null, bodyFile);
    }

    private static Line.Meta meta(Request r) {
        return r.tag() instanceof Line.Meta m ? m : new Line.Meta(0, null);
    }

    private String save(long index, byte[] body) {
        Path file = bodiesDir.resolve(index + ".body");
        try {
            Files.write(file, body);
        } catch (IOException e) {
            throw new UncheckedIOException("saving a body to " + file + ": " + e.getMessage(), e);
        }
        return file.toString();
    }

    /**
     * Text when the Content-Type says text (text/*, JSON, XML, JavaScript, a form, or any type
     * naming a charset), decoded with its charset; text too when there is no Content-Type and the
     * bytes are valid UTF-8; base64 otherwise.
     */
    static FetchRecord.Body bodyOf(Response r, byte[] body) {
        String type = r.header("Content-Type");
        if (type != null && textual(type.toLowerCase(Locale.ROOT))) {
            return new FetchRecord.Body(r.text(), "text");
        }
        if (type == null && validUtf8(body)) {
            return new FetchRecord.Body(new String(body, StandardCharsets.UTF_8), "text");
        }
        return new FetchRecord.Body(Base64.getEncoder().encodeToString(body), "base64");
    }

    private static boolean textual(String type) {
        return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
                || type.contains("x-www-form-urlencoded") || type.contains("charset=");
    }

    private static boolean validUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
