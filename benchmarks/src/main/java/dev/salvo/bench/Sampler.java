package dev.salvo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Watches this JVM from a background daemon thread: peak open network sockets (links in
 * /proc/self/fd that point at {@code socket:}, less unix-domain ones, which the JVM opens for
 * itself), sampled every few tens of milliseconds (connections are held for a run, so a peak lasts). Peak RSS needs no sampling
 * (the kernel keeps VmHWM), nor do peak and started thread counts (the JVM keeps them).
 * Off Linux the /proc figures are -1.
 */
final class Sampler implements AutoCloseable {
    private static final Path FD = Path.of("/proc/self/fd");
    private static final Path STATUS = Path.of("/proc/self/status");

    private final Thread thread;
    private final long intervalMillis;
    private volatile boolean running = true;
    private static final Path UNIX = Path.of("/proc/self/net/unix");

    private volatile int peakSockets = -1;
    /** Socket inode to whether it is a network socket (not unix-domain); the sampler thread's own. */
    private final Map<String, Boolean> network = new HashMap<>();

    Sampler(long intervalMillis) {
        this.intervalMillis = intervalMillis;
        thread = new Thread(this::loop, "bench-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            int n = countSockets();
            if (n > peakSockets) {
                peakSockets = n;
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Open network sockets of this process now, or -1 without /proc. Each socket inode is
     * classified once: the unix-domain table is read again only when an inode not seen before
     * shows up, so a sample costs one readlink per descriptor and no more.
     */
    int countSockets() {
        if (!Files.isDirectory(FD)) {
            return -1;
        }
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FD)) {
            for (Path fd : fds) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[") && isNetwork(link.substring(8, link.length() - 1))) {
                        n++;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // the descriptor closed while we looked: not open any more
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    private boolean isNetwork(String inode) throws IOException {
        Boolean known = network.get(inode);
        if (known == null) {
            Set<String> unix = unixInodes();
            known = !unix.contains(inode);
            network.put(inode, known);
        }
        return known;
    }

    /** The inodes of this network namespace's unix-domain sockets. */
    private static Set<String> unixInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        if (Files.isReadable(UNIX)) {
            for (String line : Files.readAllLines(UNIX)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 6 && !f[0].startsWith("Num")) {
                    inodes.add(f[6]);
                }
            }
        }
        return inodes;
    }

    /** Peak resident set size of this process in KiB (VmHWM), or -1 without /proc. */
    static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The most network sockets open at once, or -1 without /proc. */
    int peakSockets() {
        return peakSockets;
    }

    static int peakThreads() {
        return threads().getPeakThreadCount();
    }

    static long threadsStarted() {
        return threads().getTotalStartedThreadCount();
    }

    private static ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        int last = countSockets();
        if (last > peakSockets) {
            peakSockets = last;
        }
    }
}
