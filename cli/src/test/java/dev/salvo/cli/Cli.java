package dev.salvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the salvo command in-process with captured output, standard input and environment. */
final class Cli {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Cli() {
    }

    /** What one run left behind. */
    record Run(int exit, String out, String err) {
        /** Standard output as JSON records, one per line. */
        List<JsonNode> records() {
            return out.lines().map(l -> {
                try {
                    return MAPPER.readTree(l);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UncheckedIOException("not a JSON line: " + l, e);
                }
            }).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Map.of(), args);
    }

    static Run run(InputStream stdin, Map<String, String> env, String... args) {
        return run(stdin, env, new StringWriter(), args);
    }

    static Run run(InputStream stdin, Map<String, String> env, StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = SalvoCommand.commandLine(new SalvoCommand(stdin, env::get));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
