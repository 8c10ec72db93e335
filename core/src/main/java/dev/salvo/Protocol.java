package dev.salvo;

/**
 * The HTTP version a client asks its transport to speak ({@link SalvoConfig.Settings#protocol(Protocol)}):
 * HTTP/1.1 unless HTTP/2 is asked for. A transport without HTTP/2 (see its capabilities) speaks
 * HTTP/1.1 when asked for HTTP/2.
 */
public enum Protocol {
    /** HTTP/1.1, the default. */
    HTTP_1_1,
    /** HTTP/2 where the transport and the server support it (over TLS by ALPN), else HTTP/1.1. */
    HTTP_2
}
