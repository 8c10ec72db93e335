package dev.salvo.spi;

/** The protocol a transport speaks. HTTP/1.1 unless HTTP/2 is explicitly asked for. */
public enum HttpVersion {
    HTTP_1_1,
    HTTP_2
}
