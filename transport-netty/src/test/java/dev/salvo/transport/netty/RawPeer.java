package dev.salvo.transport.netty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server on a plain {@link ServerSocket}, for what a real server cannot do or
 * see: it answers each request with the bytes a test writes (malformed on purpose, or dripped),
 * keeps every request head as it arrived on the wire, and numbers connections, so that a test can
 * tell a reused connection from a new one and see which ones the client closed.
 *
 * <p>One thread accepts; each connection is served on its own thread, request after request, until
 * the client closes it (or the reply throws). {@link #close()} closes every socket, which ends those
 * threads.
 */
final class RawPeer implements AutoCloseable {
    /** A request head as received: on the {@code connection}-th connection (from 1), its {@code index}-th request (from 1). */
    record Request(int connection, int index, String head) {
        /** The request target of the request line. */
        String target() {
            return head.split(" ", 3)[1];
        }

        /** The lines of the head naming header {@code name}, ignoring case. */
        List<String> lines(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
        }
    }

    /** Turns an accepted socket into the one to serve (for example a TLS socket over it); throwing ends it. */
    @FunctionalInterface
    interface Prepare {
        Socket prepare(Socket accepted) throws IOException, InterruptedException;
    }

    /** Writes the reply to one request; throwing ends (and closes) that connection. */
    @FunctionalInterface
    interface Reply {
        void write(Request request, OutputStream out) throws IOException, InterruptedException;
    }

    /** A 200 response with body {@code body} and a Content-Length. */
    static byte[] ok(String body) {
        return ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    private final ServerSocket server;
    private final Prepare prepare;
    private final Reply reply;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Integer> ended = ConcurrentHashMap.newKeySet();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private RawPeer(ServerSocket server, Prepare prepare, Reply reply) {
        this.server = server;
        this.prepare = prepare;
        this.reply = reply;
    }

    /** Starts a peer on a free loopback port, answering with {@code reply}. */
    static RawPeer start(Reply reply) throws IOException {
        return start(s -> s, reply);
    }

    /** Starts a peer on a free loopback port that first {@code prepare}s each connection, then answers with {@code reply}. */
    static RawPeer start(Prepare prepare, Reply reply) throws IOException {
        RawPeer peer = new RawPeer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), prepare, reply);
        Thread t = new Thread(peer::accept, "raw-peer-" + peer.server.getLocalPort());
        t.setDaemon(true);
        t.start();
        return peer;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    URI httpsUrl(String path) {
        return URI.create("https://127.0.0.1:" + server.getLocalPort() + path);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Every request head received so far, in order. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The last request whose target is {@code target}; fails when there is none. */
    Request last(String target) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).target().equals(target)) {
                return requests.get(i);
            }
        }
        throw new AssertionError("no request for " + target + " among " + requests);
    }

    /**
     * Whether connection {@code n} has ended while the peer was open: the client closed or reset it
     * (or a reply gave up on it).
     */
    boolean ended(int n) {
        return ended.contains(n);
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
            int n = connections.incrementAndGet();
            sockets.add(s);
            Thread t = new Thread(() -> serve(s, n), "raw-peer-" + server.getLocalPort() + "-conn-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket accepted, int connection) {
        try (accepted; Socket s = prepare.prepare(accepted); InputStream in = s.getInputStream();
             OutputStream out = s.getOutputStream()) {
            for (int index = 1; ; index++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                Request r = new Request(connection, index, head);
                requests.add(r);
                reply.write(r, out);
                out.flush();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client reset the connection, the test closed the peer, or the reply gave up: the connection ends
        } finally {
            sockets.remove(accepted);
            if (!server.isClosed()) {
                ended.add(connection);
            }
        }
    }

    /** The request head up to its blank line (the body, if any, is skipped by its Content-Length); null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.skipNBytes(Long.parseLong(line.substring(15).trim()));
            }
        }
        return text;
    }
}
