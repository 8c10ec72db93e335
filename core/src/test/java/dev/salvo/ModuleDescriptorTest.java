package dev.salvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.salvo.spi.TransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Core's module descriptor (module-info.java): what other modules may use of it. */
class ModuleDescriptorTest {

    /** The compiled descriptor, read from the build output whether the tests run on the module path or not. */
    private static ModuleDescriptor descriptor() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target", "classes", "module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void exportsOnlyTheApiAndTheSpi() throws IOException {
        ModuleDescriptor d = descriptor();

        assertThat(d.name()).isEqualTo("dev.salvo");
        assertThat(d.exports()).as("exported packages").allMatch(e -> !e.isQualified())
                .extracting(ModuleDescriptor.Exports::source).containsExactlyInAnyOrder("dev.salvo", "dev.salvo.spi");
        assertThat(Path.of("target", "classes", "dev", "salvo", "internal")).as("the engine, a package of the module")
                .isDirectory();
    }

    @Test
    void opensPackagesOnlyToGuiceAndUsesTheTransportService() throws IOException {
        ModuleDescriptor d = descriptor();

        assertThat(d.opens()).as("packages opened, for Guice to build the client").singleElement()
                .satisfies(o -> assertThat(o.source()).isEqualTo("dev.salvo"))
                .satisfies(o -> assertThat(o.targets()).containsExactly("com.google.guice"));
        assertThat(d.uses()).containsExactly(TransportProvider.class.getName());
    }

    @Test
    void whenRunOnTheModulePathTheEngineIsHiddenFromOtherModules() {
        Module core = Salvo.class.getModule();
        assumeTrue(core.isNamed(), "the tests run on the class path, where every package is visible");
        Module other = Object.class.getModule(); // java.base, a module that does not read dev.salvo specially
        assertThat(core.isExported("dev.salvo", other)).isTrue();
        assertThat(core.isExported("dev.salvo.spi", other)).isTrue();
        assertThat(core.isExported("dev.salvo.internal", other)).isFalse();
        assertThat(core.getDescriptor().requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()))
                .contains("com.google.guice", "jakarta.inject", "com.google.common");
    }
}
