// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.samples.docs.JavaSnippet.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wrapping rule of {@link JavaSnippet}: which shape a block is compiled as. */
class JavaSnippetTest {
    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            import a.B;\\nclass C {}                        | FILE
            @WsgiTest(app = "x")\\nclass HelloTest {}        | TYPES
            abstract class ShopContract {}                 | TYPES
            public final class Hello {}                    | TYPES
            @Test\\nvoid works(TestClient c) {\\n}          | MEMBERS
            static final WsgiExtension WSGI = x();         | MEMBERS
            public static Pipeline p(Site s) {\\n}          | MEMBERS
            Application app = Pipeline.builder().run(x);   | STATEMENTS
            HttpServer.make("", 8000, app).serveForever(); | STATEMENTS
            try (HttpServer s = x()) {\\n}                  | STATEMENTS
            // a comment\\nclient.get("/").send();         | STATEMENTS
            """)
    void wrapsByShape(String text, Shape expected) {
        assertEquals(expected, JavaSnippet.shapeOf(text.replace("\\n", "\n")));
    }

    @Test
    void importsThePublicPackagesOnTheClassPathOnly() {
        List<String> packages = ProjectPackages.visible(Path.of("").toAbsolutePath().getParent());
        assertTrue(packages.containsAll(List.of("io.wsgi4j", "io.wsgi4j.server", "io.wsgi4j.middleware.logging",
                "io.wsgi4j.testing", "io.wsgi4j.testing.junit", "io.wsgi4j.micrometer", "io.wsgi4j.servlet",
                "io.wsgi4j.jetty")), packages.toString());
        assertFalse(packages.contains("io.wsgi4j.benchmarks"), "wsgi4j-benchmarks is not on this test's class path");
        assertTrue(packages.stream().noneMatch(p -> p.startsWith("io.wsgi4j.samples") || p.contains(".internal")),
                packages.toString());
    }
}
