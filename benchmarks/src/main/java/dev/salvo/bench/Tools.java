package dev.salvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds nginx, its echo module and wrk, installing Debian's packages with apt-get when one is
 * missing (as root, quietly, once). Whatever is still missing afterwards is reported, and the
 * harness falls back to the embedded server and leaves wrk out.
 */
final class Tools {
    static final String NGINX = "/usr/sbin/nginx";
    static final List<String> ECHO_MODULE_DIRS = List.of("/usr/lib/nginx/modules", "/usr/share/nginx/modules");
    static final String ECHO_MODULE = "ngx_http_echo_module.so";

    private final List<String> notes = new ArrayList<>();

    /** Looks for the tools and, when {@code install} is set and one is missing, installs it with apt-get. */
    static Tools find(boolean install) {
        Tools t = new Tools();
        List<String> packages = t.missingPackages();
        if (!packages.isEmpty() && install) {
            t.install(packages);
        }
        if (!t.missingPackages().isEmpty()) {
            t.notes.add("missing after install attempt: " + String.join(", ", t.missingPackages()));
        }
        return t;
    }

    List<String> missingPackages() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(Path.of(NGINX))) {
            missing.add("nginx");
        }
        if (echoModule() == null) {
            missing.add("libnginx-mod-http-echo");
        }
        if (wrk() == null) {
            missing.add("wrk");
        }
        return missing;
    }

    boolean hasNginx() {
        return Files.isExecutable(Path.of(NGINX)) && echoModule() != null;
    }

    /** The echo module's file, or null. */
    Path echoModule() {
        return ECHO_MODULE_DIRS.stream().map(d -> Path.of(d, ECHO_MODULE)).filter(Files::isRegularFile).findFirst().orElse(null);
    }

    /** wrk's path, or null. */
    String wrk() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wrk"))) {
                return Path.of(dir, "wrk").toString();
            }
        }
        return null;
    }

    List<String> notes() {
        return notes;
    }

    private void install(List<String> packages) {
        notes.addAll(aptInstall(packages));
    }

    /** Installs Debian's {@code packages} with apt-get (as root); returns notes on what went wrong, none when it went well. */
    static List<String> aptInstall(List<String> packages) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of("not root: did not apt-get install " + String.join(" ", packages));
        }
        System.err.println("bench: installing " + String.join(" ", packages) + " with apt-get...");
        List<String> command = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        command.addAll(packages);
        if (!quiet(List.of("apt-get", "update", "-q")) || !quiet(command)) {
            return List.of("apt-get install " + String.join(" ", packages) + " failed");
        }
        return List.of();
    }

    /** Runs {@code command} with its output discarded; whether it exited 0 within 10 minutes. */
    static boolean quiet(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
