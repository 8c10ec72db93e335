package dev.salvo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx run by the harness: benchmarks/nginx/nginx.conf (on the class path as /nginx/nginx.conf)
 * with its own prefix, logs and temp dirs under a fresh directory, on a free loopback port, in
 * the foreground as this JVM's child. {@link #close()} stops it (SIGTERM, then SIGKILL).
 */
final class NginxTarget implements Target {
    private final Path prefix;
    private final int port;
    private final Process process;

    private NginxTarget(Path prefix, int port, Process process) {
        this.prefix = prefix;
        this.port = port;
        this.process = process;
    }

    static NginxTarget start(Tools tools) throws IOException, InterruptedException {
        Path prefix = Files.createTempDirectory("salvo-bench-nginx");
        for (String dir : new String[] {"logs", "tmp", "html"}) {
            Files.createDirectories(prefix.resolve(dir));
        }
        byte[] body = new byte[1 << 20];
        new Random(7).nextBytes(body);
        Files.write(prefix.resolve("html/1mb"), body);
        int port = freePort();
        String conf;
        try (InputStream in = NginxTarget.class.getResourceAsStream("/nginx/nginx.conf")) {
            conf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        conf = conf.replace("@PREFIX@", prefix.toString()).replace("@PORT@", Integer.toString(port))
                .replace("@ECHO_MODULE@", tools.echoModule().toString());
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        // the worker runs as nobody: it must reach the html dir and read the file
        Set<PosixFilePermission> open = PosixFilePermissions.fromString("rwxr-xr-x");
        Files.setPosixFilePermissions(prefix, open);
        Files.setPosixFilePermissions(prefix.resolve("html"), open);
        Files.setPosixFilePermissions(prefix.resolve("html/1mb"), PosixFilePermissions.fromString("rw-r--r--"));
        Process p = new ProcessBuilder(Tools.NGINX, "-p", prefix.toString(), "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        NginxTarget t = new NginxTarget(prefix, port, p);
        if (!t.awaitListening()) {
            String why = "nginx did not start: " + Files.readString(prefix.resolve("logs/stdout.log"))
                    + readIfExists(prefix.resolve("logs/error.log"));
            t.close();
            throw new IOException(why);
        }
        return t;
    }

    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public String describe() {
        return "nginx " + version() + " (one worker, keep-alive, loopback)";
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder(Tools.NGINX, "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out.replaceFirst(".*nginx/", "");
        } catch (IOException | InterruptedException e) {
            return "(version unknown)";
        }
    }

    @Override
    public URI small() {
        return uri("/small");
    }

    @Override
    public URI delayed() {
        return uri("/delay");
    }

    @Override
    public URI large() {
        return uri("/1mb");
    }

    @Override
    public boolean isNginx() {
        return true;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(prefix);
    }

    /** Removes the server's directory (config, logs, the 1 MiB file); what cannot be removed stays. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp dir is no reason to fail the run
        }
    }

    @Override
    public String toString() {
        return "nginx@" + port + " (" + prefix + ")";
    }
}
