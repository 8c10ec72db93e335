package dev.salvo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.Salvo;
import dev.salvo.testserver.TestServer;
import dev.salvo.transport.okhttp.OkHttpTransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program of its own module ({@code requires dev.salvo;}) on the module path: it builds a client
 * over the okhttp transport (an automatic module found by ServiceLoader) and sends a batch; and it
 * cannot compile against {@code dev.salvo.internal}, which core does not export.
 */
class ModulePathTest {
    /** The jars of core, the okhttp transport and what they need at run time; test libraries stay out. */
    private static final Pattern NEEDED = Pattern.compile(
            "(guice|jakarta\\.inject-api|aopalliance|guava|failureaccess|okhttp-jvm|okio-jvm|kotlin-stdlib)-.*\\.jar");

    private static final String MODULE = "module consumer {\n    requires dev.salvo;\n}\n";

    private static final String MAIN = """
            package consumer;

            import dev.salvo.Batch;
            import dev.salvo.Request;
            import dev.salvo.Response;
            import dev.salvo.Salvo;
            import java.util.List;

            public class Main {
                public static void main(String[] args) {
                    try (Salvo salvo = Salvo.create()) {
                        List<Response> rs = salvo.map(List.of(Request.get(args[0] + "/get?i=1"),
                                Request.get(args[0] + "/get?i=2")), Batch.size(2));
                        System.out.println(salvo.transportName() + " " + Salvo.class.getModule().getName() + " "
                                + rs.stream().map(r -> Integer.toString(r.status())).toList());
                    }
                }
            }
            """;

    @Test
    void aModuleRequiringCoreSendsOverATransportOnTheModulePath(@TempDir Path dir) throws Exception {
        String modulePath = modulePath();
        Path out = dir.resolve("out");
        assertThat(compile(dir.resolve("src"), out, modulePath, MAIN)).as("javac's output").isEmpty();

        try (TestServer server = TestServer.start()) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "--module-path", out + File.pathSeparator + modulePath,
                    // an automatic module declares no requires: the transport's stack is added by hand
                    "--add-modules", "ALL-MODULE-PATH", "-m", "consumer/consumer.Main", server.httpUrl().toString())
                    .redirectErrorStream(true).start();
            String output;
            try (var in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the program ended").isTrue();
            assertThat(output).as("what the program printed").contains("okhttp dev.salvo [200, 200]");
            assertThat(p.exitValue()).isZero();
        }
    }

    @Test
    void theEngineIsNotVisibleToAnotherModule(@TempDir Path dir) throws Exception {
        String reaching = "package consumer;\n\npublic class Main {\n    dev.salvo.internal.Engine engine;\n}\n";

        assertThat(compile(dir.resolve("src"), dir.resolve("out"), modulePath(), reaching))
                .contains("package dev.salvo.internal is not visible");
    }

    /** Compiles module {@code consumer} with {@code main} as consumer.Main; returns javac's messages. */
    private static String compile(Path src, Path out, String modulePath, String main) throws IOException {
        Files.createDirectories(src.resolve("consumer"));
        Files.writeString(src.resolve("module-info.java"), MODULE);
        Files.writeString(src.resolve("consumer").resolve("Main.java"), main);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        javac.run(null, messages, messages, "-d", out.toString(), "--module-path", modulePath,
                src.resolve("module-info.java").toString(), src.resolve("consumer").resolve("Main.java").toString());
        return messages.toString(StandardCharsets.UTF_8);
    }

    /** Core, the okhttp transport and their libraries, from this test's class path. */
    private static String modulePath() throws URISyntaxException {
        Path core = location(Salvo.class);
        Path okhttp = location(OkHttpTransportProvider.class);
        Assumptions.assumeTrue(okhttp.toString().endsWith(".jar"),
                () -> "the okhttp transport is a directory here (" + okhttp + "), not a jar an automatic module can be made"
                        + " of; the build's verify phase runs this test on the jars");
        List<String> path = new ArrayList<>(List.of(core.toString(), okhttp.toString()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (NEEDED.matcher(Path.of(entry).getFileName().toString()).matches()) {
                path.add(entry);
            }
        }
        return String.join(File.pathSeparator, path);
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
