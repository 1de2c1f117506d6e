// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.samples.docs.JavaSnippet.Shape;
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
}
