// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JPMS descriptor of core (module-info.java): the module is named io.wsgi4j, exports the API
 * packages and the handler SPI, and needs nothing beyond the JDK (java.base, and jdk.jfr for the
 * request event). (The tests run on the class
 * path, so this reads the compiled descriptor rather than the running module.)
 */
class ModuleDescriptorTest {
    private static ModuleDescriptor descriptor() throws IOException {
        // the class loader would find the JDK's own module-info.class first: read the one beside core's classes
        Path classes;
        try {
            classes = Path.of(Application.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path descriptor = classes.resolve("module-info.class");
        assertTrue(Files.isRegularFile(descriptor), "core's module-info.class is missing from " + classes);
        try (InputStream in = Files.newInputStream(descriptor)) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void isNamedIoWsgi4j() throws IOException {
        assertEquals("io.wsgi4j", descriptor().name());
    }

    @Test
    void exportsTheApiTheHandlerSpiTheServerTheGatewaysTheCliAndObservation() throws IOException {
        Set<String> exported = descriptor().exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("io.wsgi4j", "io.wsgi4j.handler", "io.wsgi4j.server", "io.wsgi4j.gateway",
                "io.wsgi4j.cli", "io.wsgi4j.observe")), exported);
        descriptor().exports().forEach(e -> assertEquals(Set.of(), e.targets(), e.source() + " is a qualified export"));
    }

    @Test
    void requiresOnlyJdkModules() throws IOException {
        Set<String> required = descriptor().requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "jdk.jfr"), required);
        ModuleDescriptor.Requires jfr = descriptor().requires().stream().filter(r -> r.name().equals("jdk.jfr"))
                .findFirst().orElseThrow();
        assertTrue(jfr.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE),
                "RequestEvent (exported) extends jdk.jfr.Event, so jdk.jfr must be required transitively");
    }
}
