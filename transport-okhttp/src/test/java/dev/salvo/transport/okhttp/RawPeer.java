package dev.salvo.transport.okhttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 server on loopback that answers each request with whatever bytes its script
 * writes, byte for byte, so that a test can send what no well-behaved server would. It numbers the
 * connections it accepts (from 1) and records each request head it reads with the connection it
 * came on, so a test can tell a reused connection from a fresh one.
 *
 * <p>Requests are read as heads only (the tests send no request bodies). A connection stays open
 * after each answer the script keeps it open for, until the client closes it or {@link #close()}
 * runs. A failure
 * to write (the client closed first) ends that connection quietly.
 */
final class RawPeer implements AutoCloseable {
    /**
     * Writes the answer to the {@code index}-th request the peer read (from 0, over all
     * connections), and says whether to keep the connection open for another request.
     */
    interface Script {
        boolean answer(int index, OutputStream out) throws IOException, InterruptedException;
    }

    /** A request head the peer read, and the number of the connection it came on. */
    record Received(int connection, String head) {
        /** The values of the header lines named {@code name} (any case), in order. */
        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).trim());
                }
            }
            return values;
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RawPeer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "raw-peer-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A peer that answers the first request with {@code first} and every later one with {@code rest}. */
    static RawPeer firstThen(byte[] first, byte[] rest) throws IOException {
        return new RawPeer((index, out) -> {
            out.write(index == 0 ? first : rest);
            return true;
        });
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** The request heads read so far, in order. */
    List<Received> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException closed) {
                return;
            }
            sockets.add(s);
            int number = connections.incrementAndGet();
            Thread t = new Thread(() -> serve(s, number), "raw-peer-" + server.getLocalPort() + "-" + number);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s, int number) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                requests.add(new Received(number, head));
                boolean keepOpen = script.answer(requestCount.getAndIncrement(), out);
                out.flush();
                if (!keepOpen) {
                    return;
                }
            }
        } catch (IOException | InterruptedException ended) {
            // the client closed the connection, or the peer is closing
        }
    }

    /** The bytes up to and including the blank line, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** {@code text} as the bytes a server writes (ISO-8859-1, so control characters pass as they are). */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
