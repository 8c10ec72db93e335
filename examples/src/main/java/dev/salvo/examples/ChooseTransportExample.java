package dev.salvo.examples;

import dev.salvo.Request;
import dev.salvo.Salvo;
import dev.salvo.testserver.TestServer;

/**
 * Choosing the HTTP stack. A transport is a dependency (salvo-transport-jdk, -netty, -okhttp);
 * {@code Salvo.create()} uses the one named, else the first of netty, okhttp, jdk on the
 * classpath that can run on this JVM ({@link dev.salvo.TransportChoice}). To name one:
 * <ul>
 *   <li>in code: {@code Salvo.builder().transport("netty").build()},</li>
 *   <li>on the command line: {@code -Dsalvo.transport=okhttp},</li>
 *   <li>in the environment: {@code SALVO_TRANSPORT=jdk}.</li>
 * </ul>
 * The code that sends requests never changes. Run:
 * {@code java -Dsalvo.transport=jdk dev.salvo.examples.ChooseTransportExample [BASE_URL]}.
 */
public final class ChooseTransportExample {
    private ChooseTransportExample() {
    }

    /**
     * Sends one request over the transport named {@code name}, or over the discovered one when
     * {@code name} is null; returns "transport: status".
     */
    public static String run(String name, String baseUrl) {
        Salvo.Builder builder = Salvo.builder();
        if (name != null) {
            builder.transport(name);                 // an unknown name fails here, listing what is there
        }
        try (Salvo salvo = builder.build()) {
            int status = salvo.execute(Request.get(baseUrl + "/get")).status();
            return salvo.transportName() + ": " + status;
        }
    }

    public static void main(String[] args) {
        try (TestServer server = args.length == 0 ? TestServer.start() : null) {
            String base = args.length > 0 ? args[0] : server.httpUrl().toString();
            System.out.println(run(null, base));     // -Dsalvo.transport, SALVO_TRANSPORT, else netty > okhttp > jdk
        }
    }
}
