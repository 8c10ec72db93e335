package dev.salvo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A request body: what to send and how to describe it.
 *
 * <p>A body is a value: it can be sent many times (a retry, a 307 redirect, the same request in
 * two batches). In-memory bodies are shared, never copied per send. A {@linkplain #file file}
 * body is streamed from disk on each send; a {@linkplain #stream(Supplier) stream} body asks its
 * supplier for a fresh stream on each send and is sent chunked, its length being unknown.
 *
 * <p>Every body is checked when built, by the factories here or the records' constructors alike:
 * a null source fails with a {@link NullPointerException}, a content type with CR, LF or other
 * control characters, or a file that is not a readable regular file, with an
 * {@link IllegalArgumentException} naming what was wrong.
 */
public sealed interface Body permits Body.Bytes, Body.FileBody, Body.StreamBody, Multipart {

    /** The value for Content-Type, if the body implies one. */
    Optional<String> contentType();

    /** The length in bytes, or -1 when unknown (sent chunked). */
    long contentLength();

    /**
     * A fresh stream of the body's bytes. Callers close it. Fails with an {@link IOException}
     * when the source cannot be read (a deleted file, a failing supplier).
     */
    InputStream openStream() throws IOException;

    /** The bytes, when the body is held in memory; transports send these without copying. Do not modify. */
    default Optional<byte[]> inMemory() {
        return Optional.empty();
    }

    /** Raw bytes with no content type. */
    static Body of(byte[] bytes) {
        return new Bytes(Objects.requireNonNull(bytes, "body bytes").clone(), null);
    }

    /** Raw bytes with a content type. */
    static Body of(byte[] bytes, String contentType) {
        return new Bytes(Objects.requireNonNull(bytes, "body bytes").clone(), checkType(contentType));
    }

    /** Text in UTF-8, sent as {@code text/plain; charset=UTF-8}. */
    static Body text(String text) {
        return text(text, StandardCharsets.UTF_8);
    }

    /** Text in the given charset, sent as {@code text/plain; charset=...}. */
    static Body text(String text, Charset charset) {
        Objects.requireNonNull(text, "body text");
        return new Bytes(text.getBytes(charset), "text/plain; charset=" + charset.name());
    }

    /** Text in the given charset with an explicit content type (the charset is appended unless present). */
    static Body text(String text, Charset charset, String contentType) {
        Objects.requireNonNull(text, "body text");
        String type = checkType(contentType);
        if (!type.toLowerCase(java.util.Locale.ROOT).contains("charset=")) {
            type = type + "; charset=" + charset.name();
        }
        return new Bytes(text.getBytes(charset), type);
    }

    /** JSON text, sent as {@code application/json} in UTF-8. The text is sent as given. */
    static Body json(String json) {
        Objects.requireNonNull(json, "json body");
        return new Bytes(json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** An {@code application/x-www-form-urlencoded} form, fields in the map's iteration order. */
    static Body form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> {
            Objects.requireNonNull(k, "form field name");
            Objects.requireNonNull(v, () -> "form field '" + k + "': value is null");
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return new Bytes(sb.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
    }

    /** A file, streamed from disk on each send (never loaded whole). Its size is read when sent. */
    static Body file(Path path) {
        return file(path, "application/octet-stream");
    }

    /** A file with a content type. The file must exist and be readable now; it is read on each send. */
    static Body file(Path path, String contentType) {
        return new FileBody(path, contentType);
    }

    /**
     * A body of unknown length, sent chunked. {@code source} is asked for a fresh stream on each
     * send, so a request with this body can be retried or redirected with 307/308.
     */
    static Body stream(Supplier<? extends InputStream> source, String contentType) {
        return new StreamBody(source, contentType);
    }

    /** A {@code multipart/form-data} body with these parts. */
    static Body multipart(Multipart.Part... parts) {
        return new Multipart(List.of(parts));
    }

    /** A {@code multipart/form-data} body with these parts. */
    static Body multipart(List<Multipart.Part> parts) {
        return new Multipart(new ArrayList<>(parts));
    }

    private static String checkType(String contentType) {
        Objects.requireNonNull(contentType, "content type");
        Headers.checkValue("Content-Type", contentType);
        return contentType;
    }

    /**
     * Bytes held in memory, shared, not copied: do not modify them after building the body.
     *
     * @param bytes the body
     * @param type  the Content-Type, or null for none; a value with CR, LF or other control characters is refused
     */
    record Bytes(byte[] bytes, String type) implements Body {
        public Bytes {
            Objects.requireNonNull(bytes, "body bytes");
            if (type != null) {
                checkType(type);
            }
        }

        @Override
        public Optional<String> contentType() {
            return Optional.ofNullable(type);
        }

        @Override
        public long contentLength() {
            return bytes.length;
        }

        @Override
        public InputStream openStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public Optional<byte[]> inMemory() {
            return Optional.of(bytes);
        }

        @Override
        public String toString() {
            return "Body.Bytes[" + bytes.length + " bytes, " + type + "]";
        }
    }

    /**
     * A file read on each send.
     *
     * @param path a file that must exist and be readable when the body is built
     * @param type the Content-Type
     */
    record FileBody(Path path, String type) implements Body {
        public FileBody {
            Objects.requireNonNull(path, "body file");
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException("body file '" + path + "': not a readable regular file");
            }
            checkType(type);
        }

        @Override
        public Optional<String> contentType() {
            return Optional.of(type);
        }

        @Override
        public long contentLength() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException("body file '" + path + "': cannot read its size", e);
            }
        }

        @Override
        public InputStream openStream() throws IOException {
            return Files.newInputStream(path);
        }
    }

    /**
     * A stream of unknown length from a supplier, asked for a fresh stream on each send.
     *
     * @param source supplies the body's bytes
     * @param type   the Content-Type, or null for none
     */
    record StreamBody(Supplier<? extends InputStream> source, String type) implements Body {
        public StreamBody {
            Objects.requireNonNull(source, "body stream source");
            if (type != null) {
                checkType(type);
            }
        }

        @Override
        public Optional<String> contentType() {
            return Optional.ofNullable(type);
        }

        @Override
        public long contentLength() {
            return -1;
        }

        @Override
        public InputStream openStream() throws IOException {
            InputStream in;
            try {
                in = source.get();
            } catch (Throwable e) { // an Error too: the request must end with REQUEST_BODY, not hang
                throw new IOException("body stream supplier failed: " + e, e);
            }
            if (in == null) {
                throw new IOException("body stream supplier returned null");
            }
            return in;
        }
    }
}
