package dev.salvo.transport.jdk;

import dev.salvo.conformance.support.RawPeer;
import dev.salvo.testserver.Heads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener whose accept queue is full, so that a new connection hangs in SYN (the kernel
 * drops it, and the client sends it again later) until {@link #makeRoomAndServe()} empties the queue.
 */
final class Backlogged implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    Backlogged() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 1);
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            try {
                s.connect(listener.getLocalSocketAddress(), 100);
                fillers.add(s);
            } catch (IOException e) {
                s.close();
                break; // the queue is full
            }
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/get");
    }

    /** Empties the queue, then answers every connection that comes with a short response; returns once closed. */
    void makeRoomAndServe() {
        try {
            for (Socket s : fillers) {
                s.close();
            }
            while (!listener.isClosed()) {
                Socket s = listener.accept();
                Thread t = new Thread(() -> answer(s), "backlogged-answer");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void answer(Socket s) {
        try (s) {
            Heads.read(s.getInputStream());
            s.getOutputStream().write(RawPeer.ok("ok"));
            s.getOutputStream().flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        listener.close();
    }
}
