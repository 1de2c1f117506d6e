// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlEncodingTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "abc-._~XYZ09  | abc-._~XYZ09 | abc-._~XYZ09",
        "'a b'         | a%20b        | a+b",
        "a+b           | a%2Bb        | a%2Bb",
        "a&b=c?d#e/f   | a%26b%3Dc%3Fd%23e%2Ff | a%26b%3Dc%3Fd%23e%2Ff",
        "Zoë           | Zo%C3%AB     | Zo%C3%AB",
        "'\uD83D\uDE00' | %F0%9F%98%80 | %F0%9F%98%80",
    })
    void encodesEverythingButUnreservedCharactersAsUtf8(String in, String query, String form) {
        assertEquals(query, UrlEncoding.encode(in, false));
        assertEquals(form, UrlEncoding.encode(in, true));
    }

    @Test
    void pairsAreJoinedWithAmpersands() {
        assertEquals("a=1&b=x%20y&a=", UrlEncoding.pairs(List.of(new String[] {"a", "1"}, new String[] {"b", "x y"},
                new String[] {"a", ""}), false));
    }

    @Test
    void aStringWithNothingToEncodeIsReturnedAsItIs() {
        String s = "plain";
        assertSame(s, UrlEncoding.encode(s, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "/plain?q=1      | /plain?q=1",
        "'/a b'          | /a%20b",
        "'/caf\u00e9'    | /caf%C3%A9",
        "/already%20done | /already%20done",
        "'/tab\tx'       | /tab%09x",
        "'/x?a#frag'     | /x?a",
        "'/x#a b'        | /x",
    })
    void wireTargetEncodesWhatAClientCannotSendRaw(String in, String out) {
        assertEquals(out, UrlEncoding.wireTarget(in));
    }

    @Test
    void wireHeaderValueKeepsLatin1AndSendsWiderTextAsUtf8() {
        assertEquals("\u00e2\u0086\u0092", UrlEncoding.wireHeaderValue("\u2192"));
        String latin1 = "Jos\u00e9";
        assertSame(latin1, UrlEncoding.wireHeaderValue(latin1));
    }
}
