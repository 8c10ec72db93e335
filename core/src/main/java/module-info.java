/**
 * Salvo's core: the public API ({@code dev.salvo}) and the transport SPI ({@code dev.salvo.spi}).
 * The engine ({@code dev.salvo.internal}) is not exported: nothing outside this module may use it.
 * Transports are found with {@link java.util.ServiceLoader} as providers of
 * {@link dev.salvo.spi.TransportProvider}, on the module path ({@code provides}) or the class path
 * ({@code META-INF/services}).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.salvo {
    exports dev.salvo;
    exports dev.salvo.spi;

    // SalvoModule extends Guice's AbstractModule and users install it in their own injector
    requires transitive com.google.guice;
    requires jakarta.inject;
    // InternetDomainName: the public suffix list the cookie jar checks Domain attributes against
    requires com.google.common;

    // Guice builds Salvo (package-private @Inject constructor) and calls SalvoModule's package-private
    // @Provides methods, which build the engine, reflectively
    opens dev.salvo to com.google.guice;

    uses dev.salvo.spi.TransportProvider;
}
