package dev.salvo.transport.jdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A hostile HTTP/1.1 server on loopback, written on a bare socket so that it can send what no
 * well-behaved server library would: it answers the first request of its first connection with
 * {@code poison}, every later request on that same connection with a forged response (body
 * {@value #FORGED}), and every request on any other connection with a genuine one (body
 * {@value #GENUINE}). It counts connections, and records which of them the client closed, so a
 * test can tell that a poisoned connection was dropped and never reused.
 *
 * <p>One daemon thread per connection; {@link #close()} closes the listener and every connection.
 */
final class RawPeer implements AutoCloseable {
    static final String GENUINE = "genuine";
    static final String FORGED = "forged";

    private final ServerSocket listener;
    private final Function<String, byte[]> poison;
    private final long dripMillis;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    /** A peer whose first answer is {@code poison} (ISO-8859-1 bytes). */
    RawPeer(String poison) throws IOException {
        this(head -> poison.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A peer whose first answer is {@code poison} applied to the first request's head. */
    RawPeer(Function<String, byte[]> poison) throws IOException {
        this(poison, 0);
    }

    private RawPeer(Function<String, byte[]> poison, long dripMillis) throws IOException {
        this.poison = poison;
        this.dripMillis = dripMillis;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "raw-peer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A peer that sends its first answer one byte every {@code millis} ms (the server's pace, not the test's). */
    static RawPeer dripping(String answer, long millis) throws IOException {
        return new RawPeer(head -> answer.getBytes(StandardCharsets.ISO_8859_1), millis);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + path);
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.size();
    }

    /** Whether the client closed connection {@code index} (0 is the first). */
    boolean closedByClient(int index) {
        return index < connections.size() && connections.get(index).closedByClient.getCount() == 0;
    }

    /** Requests received on connection {@code index}. */
    int requestsOn(int index) {
        return index < connections.size() ? connections.get(index).requests : 0;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Connection c = new Connection(s, connections.isEmpty());
                connections.add(c);
                Thread t = new Thread(c::serve, "raw-peer-" + connections.size());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Connection c : connections) {
            c.socket.close();
        }
    }

    private static byte[] response(String body) {
        return ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private final class Connection {
        final Socket socket;
        final boolean first;
        final CountDownLatch closedByClient = new CountDownLatch(1);
        volatile int requests;

        Connection(Socket socket, boolean first) {
            this.socket = socket;
            this.first = first;
        }

        void serve() {
            try (Socket s = socket) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        closedByClient.countDown();
                        return;
                    }
                    requests++;
                    byte[] answer;
                    if (!first) {
                        answer = response(GENUINE);
                    } else if (requests == 1) {
                        answer = poison.apply(head);
                    } else {
                        answer = response(FORGED);
                    }
                    write(out, answer, first && requests == 1 ? dripMillis : 0);
                }
            } catch (SocketException e) {
                closedByClient.countDown(); // reset by the client
            } catch (IOException e) {
                // the test is over
            }
        }

        private void write(OutputStream out, byte[] answer, long drip) throws IOException {
            if (drip <= 0) {
                out.write(answer);
                out.flush();
                return;
            }
            for (byte b : answer) {
                out.write(b);
                out.flush();
                try {
                    Thread.sleep(drip);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** The request head (a body, if any, is read as part of the next head and ignored); null at EOF. */
        private String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }
    }
}
