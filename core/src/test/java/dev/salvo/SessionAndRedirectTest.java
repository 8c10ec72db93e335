package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.spi.TransportRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Core's session, cookie and redirect policies, observed at a scripted transport. */
class SessionAndRedirectTest {
    private FakeTransport transport;
    private Salvo salvo;

    @BeforeEach
    void start() {
        transport = new FakeTransport();
        salvo = Salvo.create(SalvoConfig.builder().maxRedirects(3).build(), FakeTransport.provider(transport));
    }

    @AfterEach
    void stop() {
        salvo.close();
    }

    private static String redirect(String to, int code) {
        return "/redirect?code=" + code + "&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
    }

    private TransportRequest last() {
        return transport.received.get(transport.received.size() - 1);
    }

    @Test
    void sessionSendsItsCookiesAndOthersDoNot() {
        Session s = salvo.newSession().build();
        s.execute(Request.get("http://a.test/set-cookie?c=" + URLEncoder.encode("k=v; Path=/", StandardCharsets.UTF_8)));
        s.execute(Request.get("http://a.test/ok"));
        assertThat(last().headers().firstOrNull("Cookie")).isEqualTo("k=v");
        assertThat(s.cookies()).singleElement().extracting(Cookie::name).isEqualTo("k");

        salvo.newSession().build().execute(Request.get("http://a.test/ok"));
        assertThat(last().headers().contains("Cookie")).as("another session").isFalse();
        salvo.execute(Request.get("http://a.test/ok"));
        assertThat(last().headers().contains("Cookie")).as("the bare client").isFalse();
        s.execute(Request.get("http://b.test/ok"));
        assertThat(last().headers().contains("Cookie")).as("another host").isFalse();
    }

    @Test
    void sessionBaseUrlHeadersAndAuthApply() {
        Session s = salvo.newSession().baseUrl("http://api.test/v1").header("X-Team", "blue").basicAuth("u", "p").build();
        Response r = s.execute(Request.get("/ok"));
        assertThat(r.url().toString()).isEqualTo("http://api.test/v1/ok");
        assertThat(last().headers().firstOrNull("X-Team")).isEqualTo("blue");
        assertThat(last().headers().firstOrNull("Authorization")).isEqualTo("Basic dTpw");
    }

    @Test
    void redirectsAreFollowedWithHistory() {
        Response r = salvo.execute(Request.get("http://a.test" + redirect("/ok", 302)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.url().toString()).isEqualTo("http://a.test/ok");
        assertThat(r.history()).singleElement().extracting(Response::status).isEqualTo(302);
    }

    @Test
    void postBecomesGetOn303ButKeepsMethodAndBodyOn307() {
        Request post = Request.post("http://a.test" + redirect("/ok", 303), Body.text("x"));
        assertThat(salvo.execute(post).text()).isEqualTo("GET /ok");
        assertThat(last().body()).isNull();
        assertThat(last().headers().contains("Content-Type")).isFalse();

        Request post307 = Request.post("http://a.test" + redirect("/ok", 307), Body.text("x"));
        assertThat(salvo.execute(post307).text()).isEqualTo("POST /ok");
        assertThat(last().body()).isNotNull();
    }

    @Test
    void authorizationIsDroppedWhenTheHostChanges() {
        Request r = Request.builder("GET", "http://a.test" + redirect("http://b.test/ok", 302)).basicAuth("u", "p").build();
        salvo.execute(r);
        assertThat(last().uri().getHost()).isEqualTo("b.test");
        assertThat(last().headers().contains("Authorization")).isFalse();

        Request same = Request.builder("GET", "http://a.test" + redirect("/ok", 302)).basicAuth("u", "p").build();
        salvo.execute(same);
        assertThat(last().headers().contains("Authorization")).isTrue();
    }

    @Test
    void tooManyRedirectsIsTyped() {
        String second = "http://a.test" + redirect("/ok", 302);
        Request r = Request.builder("GET", "http://a.test" + redirect(second, 302)).maxRedirects(1).build();
        assertThatThrownBy(() -> salvo.execute(r)).isInstanceOf(SalvoException.class)
                .extracting(e -> ((SalvoException) e).type()).isEqualTo(ErrorType.TOO_MANY_REDIRECTS);
    }

    @Test
    void redirectsNotFollowedWhenAskedAndCookiesSurviveAChainWithoutASession() {
        Request r = Request.builder("GET", "http://a.test" + redirect("/ok", 302)).followRedirects(false).build();
        assertThat(salvo.execute(r).status()).isEqualTo(302);

        String setThenGo = "http://a.test/set-cookie?c=" + URLEncoder.encode("s=1", StandardCharsets.UTF_8);
        salvo.execute(Request.get(setThenGo));
        salvo.execute(Request.get("http://a.test/ok"));
        assertThat(last().headers().contains("Cookie")).as("no session: nothing shared").isFalse();
    }

    @Test
    void acceptEncodingAndUserAgentAreSetUnlessTheUserDid() {
        salvo.execute(Request.get("http://a.test/ok"));
        assertThat(last().headers().firstOrNull("Accept-Encoding")).isEqualTo("gzip, deflate");
        assertThat(last().headers().firstOrNull("User-Agent")).startsWith("salvo/");
        salvo.execute(Request.builder("GET", "http://a.test/ok").header("user-agent", "mine").build());
        assertThat(last().headers().all("User-Agent")).containsExactly("mine");
        assertThat(List.copyOf(last().headers().names())).filteredOn(n -> n.equalsIgnoreCase("user-agent")).hasSize(1);
    }
}
