package dev.salvo.examples;

import dev.salvo.Request;
import dev.salvo.Response;
import dev.salvo.Salvo;
import dev.salvo.testserver.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A large download straight to a file: {@code stream(true)} hands over the body as a live
 * InputStream instead of buffering it, so memory stays small whatever the size. A streaming
 * response holds its connection until closed: use try-with-resources.
 * Run: {@code java dev.salvo.examples.StreamingDownloadExample [BASE_URL]}.
 */
public final class StreamingDownloadExample {
    private StreamingDownloadExample() {
    }

    /** Downloads {@code bytes} bytes from /bytes/{n} into {@code file}; returns the file's size. */
    public static long download(Salvo salvo, String baseUrl, long bytes, Path file) {
        Request request = Request.builder(baseUrl + "/bytes/" + bytes).stream(true).build();
        try (Response response = salvo.execute(request);                 // returns once the head has arrived
             InputStream body = response.bodyStream()) {
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);   // reads as the bytes arrive
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        Path file = Files.createTempFile("salvo-download", ".bin");
        try (TestServer server = args.length == 0 ? TestServer.start() : null;
             Salvo salvo = Salvo.create()) {
            String base = args.length > 0 ? args[0] : server.httpUrl().toString();
            System.out.println(download(salvo, base, 50_000_000, file) + " bytes in " + file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
