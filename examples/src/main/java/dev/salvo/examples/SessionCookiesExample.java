package dev.salvo.examples;

import dev.salvo.Request;
import dev.salvo.Salvo;
import dev.salvo.Session;
import dev.salvo.testserver.TestServer;
import java.util.List;

/**
 * Sessions: a base URL, default headers and a cookie jar shared by the session's requests, and by
 * no one else. Run: {@code java dev.salvo.examples.SessionCookiesExample [BASE_URL]}.
 */
public final class SessionCookiesExample {
    private SessionCookiesExample() {
    }

    /** What the server sees: the cookies of a session after it logs in, and those of a second, fresh session. */
    public record Seen(String firstSession, String otherSession, String header) {
    }

    public static Seen run(Salvo salvo, String baseUrl) {
        Session alice = salvo.newSession()
                .baseUrl(baseUrl)                                   // relative URLs resolve against it
                .header("X-Team", "blue")                           // sent with each of its requests
                .build();
        Session bob = salvo.newSession().baseUrl(baseUrl).build();

        alice.execute(Request.get("/cookies/set?flavour=oat"));    // 302 + Set-Cookie, redirect followed

        String aliceCookies = alice.execute(Request.get("/cookies")).text();   // {"cookies": {"flavour": "oat"}}
        String bobCookies = bob.execute(Request.get("/cookies")).text();       // {"cookies": {}}
        String header = Echo.arg(alice.execute(Request.get("/headers")).text(), "X-Team");
        return new Seen(aliceCookies, bobCookies, header);
    }

    /** The same session serves batches too. */
    public static int batch(Salvo salvo, String baseUrl) {
        Session s = salvo.newSession().baseUrl(baseUrl).build();
        return s.map(List.of(Request.get("/get?a=1"), Request.get("/get?a=2"))).size();
    }

    public static void main(String[] args) {
        try (TestServer server = args.length == 0 ? TestServer.start() : null;
             Salvo salvo = Salvo.create()) {
            String base = args.length > 0 ? args[0] : server.httpUrl().toString();
            System.out.println(run(salvo, base));
        }
    }
}
