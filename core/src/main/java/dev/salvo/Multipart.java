package dev.salvo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/form-data} body (RFC 7578): fields and files, files streamed from disk on
 * each send. Its length is known, so it is sent with Content-Length.
 */
public final class Multipart implements Body {
    private final List<Part> parts;
    private final String boundary;

    Multipart(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("multipart body: needs at least one part");
        }
        this.parts = List.copyOf(parts);
        this.boundary = "salvo-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    public List<Part> parts() {
        return parts;
    }

    public String boundary() {
        return boundary;
    }

    @Override
    public Optional<String> contentType() {
        return Optional.of("multipart/form-data; boundary=" + boundary);
    }

    @Override
    public long contentLength() {
        long n = 0;
        for (Part p : parts) {
            n += head(p).length + p.length() + 2;
        }
        return n + tail().length;
    }

    @Override
    public InputStream openStream() throws IOException {
        List<InputStream> streams = new ArrayList<>(parts.size() * 3 + 1);
        byte[] crlf = {'\r', '\n'};
        for (Part p : parts) {
            streams.add(new ByteArrayInputStream(head(p)));
            streams.add(p.open());
            streams.add(new ByteArrayInputStream(crlf));
        }
        streams.add(new ByteArrayInputStream(tail()));
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    private byte[] head(Part p) {
        StringBuilder sb = new StringBuilder();
        sb.append("--").append(boundary).append("\r\n");
        sb.append("Content-Disposition: form-data; name=\"").append(quote(p.name())).append('"');
        if (p.filename() != null) {
            sb.append("; filename=\"").append(quote(p.filename())).append('"');
        }
        sb.append("\r\n");
        if (p.contentType() != null) {
            sb.append("Content-Type: ").append(p.contentType()).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] tail() {
        return ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "Multipart" + parts;
    }

    /**
     * One part: a text field, in-memory bytes, or a file streamed from disk.
     *
     * @param name        the form field name
     * @param filename    the file name sent, or null for a plain field
     * @param contentType the part's Content-Type, or null
     * @param bytes       the content when held in memory, else null
     * @param file        the file to stream, else null
     */
    public record Part(String name, String filename, String contentType, byte[] bytes, Path file) {
        public Part {
            Objects.requireNonNull(name, "multipart part name");
            Headers.checkValue("multipart part name", name);
            if (filename != null) {
                Headers.checkValue("multipart filename", filename);
            }
            if (contentType != null) {
                Headers.checkValue("multipart Content-Type", contentType);
            }
            if ((bytes == null) == (file == null)) {
                throw new IllegalArgumentException("multipart part '" + name + "': exactly one of bytes or file");
            }
            if (file != null && (!Files.isRegularFile(file) || !Files.isReadable(file))) {
                throw new IllegalArgumentException("multipart part '" + name + "': file '" + file + "' is not a readable regular file");
            }
        }

        /** A plain text field. */
        public static Part field(String name, String value) {
            Objects.requireNonNull(value, () -> "multipart field '" + name + "': value is null");
            return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8), null);
        }

        /** A file part held in memory. */
        public static Part bytes(String name, String filename, byte[] content, String contentType) {
            return new Part(name, filename, contentType, content.clone(), null);
        }

        /** A file part streamed from disk on each send; the file name sent is the path's last element. */
        public static Part file(String name, Path file, String contentType) {
            return new Part(name, file.getFileName().toString(), contentType, null, file);
        }

        long length() {
            if (bytes != null) {
                return bytes.length;
            }
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("multipart part '" + name + "': cannot read size of " + file, e);
            }
        }

        InputStream open() throws IOException {
            return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
        }
    }
}
