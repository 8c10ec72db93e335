package dev.salvo.conformance.support;

import dev.salvo.testserver.Heads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on a bare loopback socket, for what a real server cannot do or show: it answers
 * each request with exactly the bytes its {@link Reply} writes (malformed on purpose, dripped, or
 * several responses in one), keeps every request head as it arrived on the wire, numbers the
 * connections it accepts, and tells which of them ended while it was open. A test reads from it
 * whether a connection was reused, what went out on the wire, and whether the client closed a
 * connection it should not reuse.
 *
 * <pre>{@code
 * try (RawPeer peer = RawPeer.start((request, out) -> out.write(RawPeer.ok("hello")))) {
 *     transport.exchange(RequestBuilder.get(peer.url("/a")).build());
 *     assertThat(peer.last("/a").connection()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>One daemon thread accepts; each connection is served on a daemon thread of its own, request
 * after request: the peer reads a head (and skips a body by its {@code Content-Length}), records it,
 * has the reply write the answer, and flushes it. A connection ends when the client closes or
 * resets it, when its {@link Prepare} or {@link Reply} throws (a reply may also close {@code out}),
 * or when {@link #close()} closes every socket; none of these is reported to the test except through
 * {@link #ended(int)}. The peer trusts its client (the transport under test): heads are not bounded.
 */
public final class RawPeer implements AutoCloseable {

    /**
     * A request head as the peer read it: the {@code number}-th request it read (from 1, over all
     * connections), which came as the {@code index}-th request (from 1) on the {@code connection}-th
     * connection (from 1). {@code head} runs through the blank line, as ISO-8859-1.
     */
    public record Request(int number, int connection, int index, String head) {
        /** The request target of the request line (the text between its first two spaces). */
        public String target() {
            return head.split(" ", 3)[1];
        }

        /** The whole lines of the head that name header {@code name}, in any case, in order. */
        public List<String> lines(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
        }

        /** The values (trimmed) of the header lines named {@code name}, in any case, in order. */
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String line : lines(name)) {
                values.add(line.substring(name.length() + 1).trim());
            }
            return values;
        }
    }

    /** Turns an accepted socket into the one to serve (a TLS socket over it, say); throwing ends the connection. */
    @FunctionalInterface
    public interface Prepare {
        Socket prepare(Socket accepted) throws IOException, InterruptedException;
    }

    /** Writes the answer to one request; throwing, or closing {@code out}, ends that connection. */
    @FunctionalInterface
    public interface Reply {
        void write(Request request, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Prepare prepare;
    private final Reply reply;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger numbers = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Integer> ended = ConcurrentHashMap.newKeySet();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private RawPeer(ServerSocket server, Prepare prepare, Reply reply) {
        this.server = server;
        this.prepare = prepare;
        this.reply = reply;
    }

    /** Starts a peer on a free loopback port, answering every request with {@code reply}. */
    public static RawPeer start(Reply reply) throws IOException {
        return start(s -> s, reply);
    }

    /** Starts a peer on a free loopback port that first {@code prepare}s each connection, then answers with {@code reply}. */
    public static RawPeer start(Prepare prepare, Reply reply) throws IOException {
        RawPeer peer = new RawPeer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), prepare, reply);
        Thread t = new Thread(peer::accept, "raw-peer-" + peer.server.getLocalPort());
        t.setDaemon(true);
        t.start();
        return peer;
    }

    /** Starts a peer answering the first request it reads (on any connection) with {@code first}, every later one with {@code rest}. */
    public static RawPeer firstThen(byte[] first, byte[] rest) throws IOException {
        return start((request, out) -> out.write(request.number() == 1 ? first : rest));
    }

    /** A 200 response with body {@code body} (ISO-8859-1) and its Content-Length. */
    public static byte[] ok(String body) {
        return bytes("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    /** {@code text} as the bytes a server writes: ISO-8859-1, so control characters pass as they are. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code bytes} to {@code out}, the first {@code dripped} of them one at a time, each after
     * a pause of {@code pause} and flushed at once, then the rest together. The pauses are the
     * server's fault under test, not a way of waiting for the client.
     */
    public static void drip(OutputStream out, byte[] bytes, int dripped, Duration pause)
            throws IOException, InterruptedException {
        int n = Math.min(dripped, bytes.length);
        for (int i = 0; i < n; i++) {
            Thread.sleep(pause.toMillis());
            out.write(bytes[i]);
            out.flush();
        }
        out.write(bytes, n, bytes.length - n);
    }

    /** {@code path} on this peer over plain HTTP. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    /** {@code path} on this peer over HTTPS (for a peer whose {@link Prepare} does the TLS handshake). */
    public URI httpsUrl(String path) {
        return URI.create("https://127.0.0.1:" + server.getLocalPort() + path);
    }

    /** The loopback port the peer listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Every request head read so far, in the order read. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The request heads read so far on the {@code connection}-th connection (from 1), in order. */
    public List<Request> requestsOn(int connection) {
        return requests.stream().filter(r -> r.connection() == connection).toList();
    }

    /** The last request whose target is {@code target}; an {@link AssertionError} listing the requests when there is none. */
    public Request last(String target) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).target().equals(target)) {
                return requests.get(i);
            }
        }
        throw new AssertionError("no request for " + target + " among " + requests);
    }

    /**
     * Whether the {@code connection}-th connection (from 1) has ended while the peer was open: the
     * client closed or reset it, or its prepare or reply ended it.
     */
    public boolean ended(int connection) {
        return ended.contains(connection);
    }

    /** Stops accepting and closes every open connection. */
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
                String head = Heads.read(in);
                Request r = new Request(numbers.incrementAndGet(), connection, index, head);
                requests.add(r);
                skipBody(in, r);
                reply.write(r, out);
                out.flush();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client closed or reset the connection (EOF in a head), the test closed the peer, or the
            // prepare or reply gave up: the connection ends
        } finally {
            sockets.remove(accepted);
            if (!server.isClosed()) {
                ended.add(connection);
            }
        }
    }

    /** Skips a request body framed by a Content-Length (a chunked one would be read as the next head). */
    private static void skipBody(InputStream in, Request r) throws IOException {
        for (String value : r.headers("Content-Length")) {
            in.skipNBytes(Long.parseLong(value));
        }
    }
}
