package dev.salvo.conformance;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Counts this JVM's open sockets, and tells the test machinery's threads from a client's. */
final class Sockets {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final List<String> MACHINERY = List.of("awaitility", "junit-", "surefire", "ForkJoinPool.commonPool",
            "Attach Listener", "process reaper", "Common-Cleaner", "Signal Dispatcher", "Notification Thread",
            "Reference Handler", "Finalizer", "kit-",
            // process-wide daemon threads of OkHttp and Okio, shared by every OkHttp client in the JVM and
            // ended by the libraries after 60 s idle; no client owns them, and neither library lets one stop them
            "OkHttp TaskRunner", "Okio Watchdog");

    private Sockets() {
    }

    /** Open sockets (Linux: {@code socket:} links under /proc/self/fd), or -1 where that cannot be read. */
    static int open() {
        if (!Files.isDirectory(FDS)) {
            return -1;
        }
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException | UnsupportedOperationException closedMeanwhile) {
                    // the descriptor went away while listing (or is the listing's own): not a socket of ours
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    /**
     * Threads of the JVM, JUnit, Awaitility or the kit itself, and process-wide pools a stack shares
     * among all its clients in the JVM (the common pool, OkHttp's task runner, Okio's watchdog), which
     * a client's close need not end.
     */
    static boolean isMachineryThread(String name) {
        for (String prefix : MACHINERY) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
