// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Constants copied a word at a time: exactly their bytes, whatever their length (the word fields, and the words past them), and the padding overwritten. */
class AsciiTextTest {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40, 41})
    void copiesExactlyItsTextAndWhatFollowsOverwritesThePadding(int n) {
        String text = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ".substring(0, n);
        LogLine line = new LogLine(1).append('[').append(AsciiText.of(text)).append(']');
        assertEquals("[" + text + "]", line.toString());
        assertEquals(n + 2, line.length());
    }

    @Test
    void keepsALineWholeWhenManyConstantsFollowEachOther() {
        LogLine line = new LogLine(1);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String key = ",\"key" + i + "\":\"";
            line.append(AsciiText.of(key)).append("v" + i);
            expected.append(key).append('v').append(i);
        }
        assertEquals(expected.toString(), line.toString());
    }

    @Test
    void readsBackAsItsText() {
        assertEquals("{\"time\":\"", AsciiText.of("{\"time\":\"").toString());
        assertEquals(9, AsciiText.of("{\"time\":\"").length());
        assertEquals(16, AsciiText.of("{\"time\":\"").span());
    }

    @Test
    void rejectsNonAsciiTextNamingTheCharacter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AsciiText.of("caf\u00e9"));
        assertTrue(e.getMessage().contains("U+E9 at index 3"), e.getMessage());
    }
}
