/**
 * An embedded, httpbin-compatible HTTP/1.1 test server for Salvo's tests, conformance kit, demos and benchmarks.
 *
 * <p>Start one with {@link dev.salvo.testserver.TestServer#start()}; it listens on loopback only: plain HTTP on
 * 127.0.0.1 (and ::1, same port), HTTPS with a certificate for localhost, HTTPS with a wrong-host certificate, and
 * HTTPS requiring a client certificate. All certificates come from a CA made fresh at start
 * ({@link dev.salvo.testserver.Certificates}). Every response carries {@code X-Salvo-Connection: <id>}.
 *
 * <h2>Endpoints</h2>
 * JSON ({@code application/json}) unless noted. The echo object is
 * {@code {"method","url","args","headers","origin","data","form","files","json"}}.
 * <ul>
 *   <li>{@code /get} (GET, HEAD), {@code /post}, {@code /put}, {@code /patch}, {@code /delete}: echo; other
 *       methods get 405 (OPTIONS answers with {@code Allow}).</li>
 *   <li>{@code /anything}, {@code /anything/...}: echo, any method.</li>
 *   <li>{@code /headers}, {@code /user-agent}, {@code /ip}.</li>
 *   <li>{@code /status/{code}} (200..599, empty body; 301/302/303/307/308 add {@code Location: /redirect/1}, 401 adds
 *       {@code WWW-Authenticate}).</li>
 *   <li>{@code /delay/{seconds}} (fractional, capped at 10) and {@code /salvo/hold/{millis}} (capped at 60 000):
 *       echo after the delay, scheduled on the event loop.</li>
 *   <li>{@code /stream/{n}}: n JSON lines, chunked (n capped at 100 000).</li>
 *   <li>{@code /bytes/{n}?seed=s}: n bytes of {@code new java.util.Random(s).nextBytes} (seed 0 by default),
 *       {@code application/octet-stream}, Content-Length set, n up to 1 GiB, streamed with backpressure.</li>
 *   <li>{@code /drip?duration=2&numbytes=10&delay=0&code=200}: waits delay s, then numbytes {@code *} bytes spread
 *       over duration s (byte i at i*duration/numbytes), Content-Length set.</li>
 *   <li>{@code /redirect/{n}} (302 to {@code /relative-redirect/{n-1}}, ..., last to {@code /get};
 *       {@code ?absolute=true} for absolute URLs), {@code /relative-redirect/{n}}, {@code /absolute-redirect/{n}},
 *       {@code /redirect-to?url=U&status_code=C} (any method, 302 unless C is 3xx).</li>
 *   <li>{@code /cookies}, {@code /cookies/set?name=value...}, {@code /cookies/set/{name}/{value}},
 *       {@code /cookies/delete?name...} (the last three answer 302 to {@code /cookies}, cookies with
 *       {@code Path=/}).</li>
 *   <li>{@code /basic-auth/{user}/{passwd}}, {@code /bearer}.</li>
 *   <li>{@code /gzip}, {@code /deflate} (zlib), {@code /salvo/deflate-raw} (raw deflate labelled
 *       {@code Content-Encoding: deflate}), {@code /salvo/gzip-bomb?size=N} (gzip of N zero bytes, N up to 1 GiB,
 *       about N/1000 bytes on the wire; 10 MiB by default).</li>
 *   <li>{@code /response-headers?K=V...}: sets the headers and echoes them.</li>
 *   <li>{@code /salvo/text?charset=NAME&text=T}: T encoded in NAME, {@code text/plain; charset=NAME}.</li>
 *   <li>{@code /salvo/digest} (any method): streams the request body (any size) into
 *       {@code {"length","sha256","chunked"}}.</li>
 *   <li>{@code /salvo/flaky/{key}?fail=K&status=N&retry-after=V&retry-after-date=S&fault=reset} (any method): the
 *       first K requests of the key (1 by default) get status N (503 by default), with {@code Retry-After: V}, or an
 *       HTTP date S seconds ahead, or a connection reset instead; later ones 200 and
 *       {@code {"key","attempt","method"}}.</li>
 *   <li>{@code /salvo/stamp/{key}} (any method): 200 and {@code {"key","attempt","method"}} at once.</li>
 * </ul>
 * Both record when each request arrived under its key: {@link dev.salvo.testserver.Stats#arrivals(String)}.
 * Request bodies (Content-Length or chunked, {@code Expect: 100-continue} honoured) are aggregated up to 64 MiB;
 * larger ones get 413.
 *
 * <h2>Faults</h2>
 * Under {@code /fault/}, all after reading the whole request: {@code reset-before-headers} (RST, no byte),
 * {@code reset-mid-body} (Content-Length 100000, 1000 bytes, RST), {@code truncated-body} (Content-Length 1000, 500
 * bytes, FIN), {@code bad-chunk} (a valid chunk, then {@code zz\r\n}, FIN), {@code bad-status-line}
 * ({@code HTTP/1.1 abc Broken\r\n\r\n}, FIN), {@code never-responds}, {@code slow-body?bytes=10&interval_ms=100}
 * (one byte per interval, keep-alive preserved), {@code huge-headers?size=1048576} ({@code X-Huge-i} header lines
 * totalling size bytes), {@code endless-body} (chunked, never ends, respects backpressure).
 *
 * <p>A hostile server's responses, each leaving the connection open (a client reusing it reads what was left):
 * {@code gzip-bomb} and {@code deflate-bomb} (1 GiB of zeros in about 1 MB), {@code chunked-with-content-length}
 * and {@code two-content-lengths?first=short|long} (ambiguous framing hiding a forged response with
 * {@code X-Forged: yes}), {@code content-length?value=V}, {@code bare-cr}, {@code status-code?code=999999},
 * {@code many-headers?count=100000}, {@code many-cookies?count=5000&prefix=c}, {@code slow-head?bytes=6&interval_ms=500};
 * the byte layouts are in {@code Faults}' documentation.
 *
 * <h2>Many origins</h2>
 * {@link dev.salvo.testserver.TestServer#extraHttpPorts(int)} binds up to 1000 more plain-HTTP ports on 127.0.0.1
 * serving the same endpoints; with the host names of the build's test hosts file ({@code .mvn/test-hosts}:
 * {@code o0.salvo.test} to {@code o99.salvo.test}, {@code evil.example.com}, {@code bank.example.com}, all
 * 127.0.0.1) a test reaches thousands of distinct origins without leaving loopback.
 */
package dev.salvo.testserver;
