// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "index.html     | text/html; charset=utf-8",
        "APP.JS         | text/javascript; charset=utf-8",
        "data.json      | application/json; charset=utf-8",
        "logo.svg       | image/svg+xml; charset=utf-8",
        "photo.jpeg     | image/jpeg",
        "font.woff2     | font/woff2",
        "archive.tar.gz | application/gzip",
        "README         | application/octet-stream",
        "trailing.      | application/octet-stream",
        ".bashrc        | application/octet-stream",
    })
    void mapsExtensionsCaseInsensitively(String file, String type) {
        assertEquals(type, MediaTypes.defaults().forFileName(file));
    }

    @Test
    void withAddsOrOverridesWithoutChangingTheDefaults() {
        MediaTypes custom = MediaTypes.defaults().with("WASM", "application/x-custom").with("foo", "text/x-foo");
        assertEquals("application/x-custom", custom.forFileName("a.wasm"));
        assertEquals("text/x-foo", custom.forFileName("a.foo"));
        assertEquals("application/wasm", MediaTypes.defaults().forFileName("a.wasm"));
    }

    @Test
    void printsTheCodeThatMadeItListingOnlyWhatDiffersFromTheDefaults() {
        assertEquals("MediaTypes.defaults()", MediaTypes.defaults().toString());
        assertEquals("MediaTypes.defaults()", MediaTypes.defaults().with("PNG", "image/png").toString());
        assertEquals("MediaTypes.defaults().with(\"wasm\", \"application/x-custom\").with(\"foo\", \"text/x-foo\")",
                MediaTypes.defaults().with("WASM", "application/x-custom").with("foo", "text/x-foo").toString());
        assertEquals("MediaTypes.defaults().with(\"foo\", \"text/x-foo\")",
                MediaTypes.defaults().with("wasm", "application/x-custom").with("foo", "text/x-foo")
                        .with("wasm", "application/wasm").toString(), "set back to the default: not printed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".css", "a/b"})
    void rejectsBadExtensions(String ext) {
        assertThrows(IllegalArgumentException.class, () -> MediaTypes.defaults().with(ext, "text/plain"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "text/plain\r\nX-Evil: 1", "/x"})
    void rejectsBadTypes(String type) {
        assertThrows(IllegalArgumentException.class, () -> MediaTypes.defaults().with("x", type));
    }
}
