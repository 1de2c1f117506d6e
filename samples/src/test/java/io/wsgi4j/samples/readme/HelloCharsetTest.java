// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The README's first application greets by a name from the query, so its text is whatever the visitor
 * typed: its Content-Type must say the bytes are UTF-8. Without a charset, text/plain means US-ASCII
 * (RFC 2046 section 4.1.2, RFC 6657 section 4), and a browser shows {@code ?name=Zo%C3%AB} as
 * "Hello ZoÃ«!" (Chromium did). Kept apart from {@link HelloTest}, which the README shows whole.
 */
class HelloCharsetTest {
    @Test
    void aNameOutsideAsciiReadsBackInTheDeclaredCharset() {
        TestResponse r = TestClient.of(Hello::app).get("/").query("name", "Zoë").send();
        assertEquals("Hello Zoë!", new String(r.bytes(), declaredCharset(r.header("Content-Type"))));
    }

    /** The charset parameter of a text/* type, or US-ASCII, its default, when there is none. */
    private static Charset declaredCharset(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                return Charset.forName(p.substring("charset=".length()).replace("\"", ""));
            }
        }
        return StandardCharsets.US_ASCII;
    }
}
