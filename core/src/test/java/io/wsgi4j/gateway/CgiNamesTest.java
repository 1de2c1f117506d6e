// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wsgi4j.Environ;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CgiNamesTest {
    private static String read(String name) {
        byte[] b = ("xx" + name + "yy").getBytes(StandardCharsets.ISO_8859_1);
        return CgiNames.of(b, 2, name.length());
    }

    @Test
    void aKnownNameComesBackAsTheEnvironsOwnConstant() {
        assertSame(Environ.REQUEST_METHOD, read("REQUEST_METHOD"));
        assertSame(Environ.CONTENT_LENGTH, read("CONTENT_LENGTH"));
        assertSame(Environ.PATH_INFO, read("PATH_INFO"));
        assertSame("HTTP_HOST", read("HTTP_HOST"));
    }

    @Test
    void anUnknownNameIsReadAsItIs() {
        assertEquals("HTTP_X_CUSTOM", read("HTTP_X_CUSTOM"));
        assertEquals("A", read("A"));
        assertEquals("", read(""));
        assertEquals("N".repeat(300), read("N".repeat(300))); // longer than any known name
    }

    @Test
    void namesAreCaseSensitiveAsInCgi() {
        String lower = read("request_method");
        assertEquals("request_method", lower);
        assertNotSame(Environ.REQUEST_METHOD, lower);
        assertEquals("REQUEST_METHOd", read("REQUEST_METHOd")); // differs only in its last character
        assertEquals("XEQUEST_METHOD", read("XEQUEST_METHOD")); // differs only in its first
    }

    @Test
    void bytesOutsideAsciiAreReadAsLatin1AndNeverMatchAKnownName() {
        String name = "HTTP_HOS\u00d4"; // same length as HTTP_HOST, last byte 0xD4
        assertEquals(name, read(name));
    }
}
