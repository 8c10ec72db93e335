package dev.salvo.transport.jdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops {@link HttpClient}s so that their selector thread ends and their sockets close.
 *
 * <p>On JDK 21 and later the client has {@code shutdownNow()} and {@code awaitTermination(Duration)}
 * (and is {@link AutoCloseable}); they are looked up as public methods, since this code compiles
 * for 17.
 *
 * <p>On JDK 17 a client has no way to be stopped: its {@code HttpClient-<id>-SelectorManager}
 * thread ends, closing the pooled connections, once the client object is unreachable and no
 * operation is pending. So every reference is dropped, the collector is asked to run, and the
 * selector thread (found by name before the references went away) is awaited, bounded, polling
 * with {@link Thread#join(long)}. It looks for the unreachable client at least every 3 s (the
 * JDK's default selector wake-up), hence the bound of {@link #JDK17_WAIT}. With
 * {@code -XX:+DisableExplicitGC} the wait can run out; the thread then ends after the next
 * collection.
 */
final class ClientShutdown {
    static final Duration JDK17_WAIT = Duration.ofSeconds(8);
    private static final Duration JDK21_WAIT = Duration.ofSeconds(5);

    private static final MethodHandle SHUTDOWN_NOW = publicMethod("shutdownNow", MethodType.methodType(void.class));
    private static final MethodHandle AWAIT_TERMINATION =
            publicMethod("awaitTermination", MethodType.methodType(boolean.class, Duration.class));

    private ClientShutdown() {
    }

    /** Stops every client in {@code clients}, which this method empties so that nothing keeps them reachable. */
    static void shutdown(List<HttpClient> clients) {
        if (SHUTDOWN_NOW != null && AWAIT_TERMINATION != null) {
            for (HttpClient client : clients) {
                shutdownNow(client);
            }
            long deadline = System.nanoTime() + JDK21_WAIT.toNanos();
            for (HttpClient client : clients) {
                awaitTermination(client, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            clients.clear();
            return;
        }
        List<Thread> selectors = selectorThreads(clients);
        clients.clear();
        awaitUnreachable(selectors);
    }

    private static void shutdownNow(HttpClient client) {
        try {
            SHUTDOWN_NOW.invoke(client);
        } catch (Throwable t) {
            if (client instanceof AutoCloseable c) {
                closeQuietly(c);
            }
        }
    }

    private static void awaitTermination(HttpClient client, Duration wait) {
        try {
            Object terminated = AWAIT_TERMINATION.invoke(client, wait);
            if (Boolean.FALSE.equals(terminated) && client instanceof AutoCloseable c) {
                closeQuietly(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            // nothing more to do: the client is shut down, only the wait failed
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the given selector threads have ended, asking the collector to drop their clients. */
    private static void awaitUnreachable(List<Thread> selectors) {
        long deadline = System.nanoTime() + JDK17_WAIT.toNanos();
        long nextGc = 0;
        for (Thread t : selectors) {
            while (t.isAlive()) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    return;
                }
                if (now - nextGc >= 0) {
                    System.gc();
                    nextGc = now + TimeUnit.MILLISECONDS.toNanos(500);
                }
                try {
                    t.join(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The {@code HttpClient-<id>-SelectorManager} threads of {@code clients}, found by name. */
    static List<Thread> selectorThreads(List<HttpClient> clients) {
        List<String> names = new ArrayList<>();
        for (HttpClient client : clients) {
            String id = clientId(client);
            if (id != null) {
                names.add("HttpClient-" + id + "-SelectorManager");
            }
        }
        List<Thread> found = new ArrayList<>();
        if (names.isEmpty()) {
            return found;
        }
        for (Thread t : allThreads()) {
            if (t != null && names.contains(t.getName())) {
                found.add(t);
            }
        }
        return found;
    }

    /** The client's id: its {@code toString()} ends with {@code (<id>)} (documented as such for the JDK's tests). */
    static String clientId(HttpClient client) {
        String s = client.toString();
        int close = s.lastIndexOf(')');
        int open = s.lastIndexOf('(', close);
        if (open < 0 || close != s.length() - 1 || close - open < 2) {
            return null;
        }
        String id = s.substring(open + 1, close);
        for (int i = 0; i < id.length(); i++) {
            if (!Character.isDigit(id.charAt(i))) {
                return null;
            }
        }
        return id;
    }

    private static Thread[] allThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        Thread[] out = new Thread[n];
        System.arraycopy(threads, 0, out, 0, n);
        return out;
    }

    private static MethodHandle publicMethod(String name, MethodType type) {
        try {
            return MethodHandles.publicLookup().findVirtual(HttpClient.class, name, type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
