// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.caching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityTagsTest {

    @ParameterizedTest(name = "[{0}] vs {1}: weak={2} strong={3}")
    @CsvSource(delimiter = '|', value = {
        // list                     | etag      | weak  | strong
        "'\"a\"'                    | '\"a\"'   | true  | true",
        "'W/\"a\"'                  | '\"a\"'   | true  | false",
        "'\"a\"'                    | 'W/\"a\"' | true  | false",
        "'\"b\", \"a\"'             | '\"a\"'   | true  | true",
        "'\"b\",W/\"a\"'            | '\"a\"'   | true  | false",
        "'*'                        | '\"a\"'   | true  | true",
        "' * '                      | '\"a\"'   | true  | true",
        "'\"ab\"'                   | '\"a\"'   | false | false",
        "'\"a'                      | '\"a\"'   | false | false",
        "'a'                        | '\"a\"'   | false | false",
        "'junk, \"a\"'              | '\"a\"'   | false | false",
        "'\"a b\"'                  | '\"a b\"' | false | false",
        "''                         | '\"a\"'   | false | false",
    })
    void comparesWeaklyAndStrongly(String list, String etag, boolean weak, boolean strong) {
        assertEquals(weak, EntityTags.anyMatch(list, etag, false));
        assertEquals(strong, EntityTags.anyMatch(list, etag, true));
    }

    @ParameterizedTest(name = "{0} valid={1}")
    @CsvSource(delimiter = '|', value = {
        "'\"abc\"'   | true",
        "'W/\"abc\"' | true",
        "'\"\"'      | true",
        "'abc'       | false",
        "'\"a\"b'    | false",
        "'w/\"a\"'   | false",
        "'\"a\u0001\"' | false",
    })
    void validatesEntityTags(String etag, boolean valid) {
        assertEquals(valid, EntityTags.isValid(etag));
    }

    @org.junit.jupiter.api.Test
    void matchesNothingWithoutAListOrTag() {
        assertEquals(false, EntityTags.anyMatch(null, "\"a\"", false));
        assertEquals(false, EntityTags.anyMatch("\"a\"", null, false));
        assertEquals(true, EntityTags.anyMatch("*", null, true));
    }
}
