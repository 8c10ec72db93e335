/**
 * Helpers for a transport's own tests, beyond the conformance kit: they drive a
 * {@link dev.salvo.spi.Transport} directly, below core's policies.
 *
 * <ul>
 *   <li>{@link dev.salvo.conformance.support.ServerAndTransport}: a JUnit 5 extension starting an
 *       embedded {@link dev.salvo.testserver.TestServer} and the transport under test;</li>
 *   <li>{@link dev.salvo.conformance.support.Configs}: {@link dev.salvo.spi.TransportConfig}s and
 *       {@link dev.salvo.spi.TlsSettings} with core's defaults, as core would build them;</li>
 *   <li>{@link dev.salvo.conformance.support.RequestBuilder}: {@link dev.salvo.spi.TransportRequest}s
 *       with test defaults;</li>
 *   <li>{@link dev.salvo.conformance.support.Exchanges} and
 *       {@link dev.salvo.conformance.support.Threads}: waiting for an exchange, reading what the
 *       server echoed, finding a transport's threads;</li>
 *   <li>{@link dev.salvo.conformance.support.RawPeer}: a server on a bare socket that answers with the
 *       bytes a test writes and records the request heads and connections, for hostile responses and
 *       what goes out on the wire.</li>
 * </ul>
 *
 * <p>Failures are reported as {@link java.lang.AssertionError}s, so a test using these helpers
 * fails (rather than errs) with a message saying what was expected.
 */
package dev.salvo.conformance.support;
