// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LogEscapeTest {
    @Test
    void escapesWhatCouldEndOrForgeALine() {
        assertEquals("/a\\x0ab", LogEscape.of("/a\nb"), "a line feed ends no line");
        assertEquals("a\\x0d\\x00b", LogEscape.of("a\r\u0000b"), "a carriage return and a NUL");
        assertEquals("\\x1b[31m\\x7f\\x9b", LogEscape.of("\u001b[31m\u007f\u009b"), "ESC, DEL and a C1 control");
        assertEquals("C:\\\\dir", LogEscape.of("C:\\dir"), "a backslash is doubled");
        assertEquals("say \"hi\"", LogEscape.of("say \"hi\""), "a quote outside quotes stays");
        assertEquals("caf\u00e9", LogEscape.of("caf\u00e9"), "Latin-1 letters stay");
    }

    @Test
    void textWithNothingToEscapeIsReturnedItself() {
        String plain = "GET /index.html?q=1";
        assertSame(plain, LogEscape.of(plain));
    }

    @Test
    void insideQuotesAQuoteIsBackslashed() {
        StringBuilder b = new StringBuilder("\"");
        LogEscape.append(b, "say \"hi\"\n", true);
        assertEquals("\"say \\\"hi\\\"\\x0a", b.toString());
    }
}
