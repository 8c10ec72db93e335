package dev.salvo;

/** The library version, sent in the default User-Agent. */
final class Version {
    static final String VERSION = "0.1.0";

    private Version() {
    }
}
