// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaChoiceTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
        NULL                                                        | text/plain
        ''                                                          | text/plain
        */*                                                         | text/plain
        text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | text/html
        application/json                                            | application/json
        application/json;q=0.5, text/html;q=0.4                     | application/json
        text/*;q=0.3, application/json;q=0.2                        | text/plain
        text/*, text/plain;q=0                                      | text/html
        image/png                                                   | text/plain
        application/json;q=bogus, text/html;q=0.1                   | text/html
        application/json;q=7                                        | text/plain
        APPLICATION/JSON                                            | application/json
        """)
    void picksTheBestFormatByQuality(String accept, String expected) {
        assertEquals(expected, MediaChoice.choose(accept));
    }
}
