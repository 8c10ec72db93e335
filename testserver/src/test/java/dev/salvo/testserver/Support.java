package dev.salvo.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Test helpers: an HTTP/1.1 java.net.http client, JSON parsing and raw-socket exchanges. */
final class Support {

    static final ObjectMapper JSON = new ObjectMapper();

    private Support() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static HttpRequest.Builder request(URI base, String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<byte[]> sendBytes(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(HttpClient client, URI base, String pathAndQuery) {
        return send(client, request(base, pathAndQuery).GET().build());
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a raw socket read until EOF, reset or timeout. */
    record RawResult(byte[] bytes, boolean eof, boolean reset, boolean timedOut) {
        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        /** Bytes after the first blank line, or empty when there is none. */
        String body() {
            String t = text();
            int i = t.indexOf("\r\n\r\n");
            return i < 0 ? "" : t.substring(i + 4);
        }

        String head() {
            String t = text();
            int i = t.indexOf("\r\n\r\n");
            return i < 0 ? t : t.substring(0, i + 4);
        }
    }

    static Socket connect(URI base, int readTimeoutMillis) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        s.setSoTimeout(readTimeoutMillis);
        return s;
    }

    static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends {@code request} on a fresh connection and reads until EOF, RST or the read timeout. */
    static RawResult raw(URI base, String request, int readTimeoutMillis) throws IOException {
        try (Socket s = connect(base, readTimeoutMillis)) {
            write(s, request);
            return readAll(s, Long.MAX_VALUE);
        }
    }

    /** Reads until EOF, RST, timeout or {@code limit} bytes. */
    static RawResult readAll(Socket s, long limit) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[16 * 1024];
        try {
            while (got.size() < limit) {
                int n = in.read(buf);
                if (n < 0) {
                    return new RawResult(got.toByteArray(), true, false, false);
                }
                got.write(buf, 0, n);
            }
            return new RawResult(got.toByteArray(), false, false, false);
        } catch (SocketTimeoutException e) {
            return new RawResult(got.toByteArray(), false, false, true);
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).toLowerCase().contains("reset")) {
                return new RawResult(got.toByteArray(), false, true, false);
            }
            throw e;
        }
    }

    /** Reads exactly one response with a Content-Length body from a keep-alive connection. */
    static String readResponse(InputStream in) throws IOException {
        String h = Heads.read(in);
        int length = 0;
        for (String line : h.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("EOF in response body");
        }
        return h + new String(body, StandardCharsets.ISO_8859_1);
    }

    static String header(String response, String name) {
        for (String line : response.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
            if (line.isEmpty()) {
                break;
            }
        }
        return null;
    }
}
