// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentCodecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "/plain        | /plain",
        "/a%20b        | /a b",
        "/a%2Fb        | /a/b",
        "/caf%C3%A9    | '/caf\u00c3\u00a9'",
        "/%e9          | '/\u00e9'",
        "/100%         | /100%",
        "/%zz          | /%zz",
        "/%4           | /%4",
        "/a+b          | /a+b",
    })
    void decodesEscapesByteWiseAndKeepsMalformedOnesLiterally(String in, String out) {
        assertEquals(out, PercentCodec.decode(in));
    }

    @ParameterizedTest
    @CsvSource({"/a%20b, true", "/plain, true", "/100%, false", "/%zz, false", "/%4, false", "%41%42, true"})
    void isWellFormedChecksEveryPercent(String in, boolean ok) {
        assertEquals(ok, PercentCodec.isWellFormed(in));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "/a b           | /a%20b",
        "'/\u00e9'      | /%E9",
        "/a?b#c%        | /a%3Fb%23c%25",
        "/x-._~!$&'()*+,;=:@ | /x-._~!$&'()*+,;=:@",
    })
    void encodePathEscapesWhatIsNotAPathCharacter(String in, String out) {
        assertEquals(out, PercentCodec.encodePath(in));
    }

    @Test
    void decodingTheEncodedPathGivesItBack() {
        String path = "/wiki/Caf\u00e9 & more?";
        assertEquals(path, PercentCodec.decode(PercentCodec.encodePath(path)));
    }

    @Test
    void stringsWithNothingToDoAreReturnedAsTheyAre() {
        String s = "/nothing/to/do";
        assertSame(s, PercentCodec.decode(s));
        assertSame(s, PercentCodec.encodePath(s));
    }

    @Test
    void encodeQueryControlsEscapesOnlyWhatAQueryMayNotHoldAsSent() {
        assertEquals("q=a%20b%23c%09%7F&x=%41\u00e9", PercentCodec.encodeQueryControls("q=a b#c\t\u007f&x=%41\u00e9"));
        String plain = "a=1&b=/x?y";
        assertSame(plain, PercentCodec.encodeQueryControls(plain));
    }

    @Test
    void encodeQueryEscapesNonAsciiBytesTooForAUrl() {
        assertEquals("q=caf%C3%A9%20x&p=%41", PercentCodec.encodeQuery("q=caf\u00c3\u00a9 x&p=%41"));
        String plain = "a=1&b=/x?y";
        assertSame(plain, PercentCodec.encodeQuery(plain));
    }
}
