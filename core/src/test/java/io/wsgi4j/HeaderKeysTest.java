// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HeaderKeysTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Origin,            HTTP_ORIGIN",
        "accept-encoding,   HTTP_ACCEPT_ENCODING",
        "X-Forwarded-For,   HTTP_X_FORWARDED_FOR",
        "content-type,      CONTENT_TYPE",
        "CONTENT-LENGTH,    CONTENT_LENGTH",
        "x_odd,             HTTP_X_ODD",
    })
    void aRememberedKeyIsTheKeyBuiltFromTheName(String name, String key) {
        assertEquals(key, HeaderKeys.of(name)); // first call builds and stores
        assertEquals(key, HeaderKeys.of(name)); // second call reads the cache
        assertEquals(key, HeaderKeys.build(name));
    }

    @Test
    void aSecondLookupOfTheSameNameReturnsTheSameKeyWithoutBuildingIt() {
        String first = Environ.headerKey("X-Remembered-Once");
        assertSame(first, Environ.headerKey("X-Remembered-Once"));
    }

    @Test
    void namesPastTheLimitAreAnsweredRightButNeverStored() {
        for (int i = 0; i < HeaderKeys.LIMIT + 100; i++) {
            assertEquals("HTTP_X_FLOOD_" + i, Environ.headerKey("x-flood-" + i));
        }
        assertTrue(HeaderKeys.size() <= HeaderKeys.LIMIT, "cache grew to " + HeaderKeys.size());
    }
}
