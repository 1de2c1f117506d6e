// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamesTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
        "alice,                              true",
        "web-site2,                          true",
        "ab,                                 true",
        "a,                                  false",
        "Alice,                              false",
        "2fast,                              false",
        "../etc,                             false",
        "'a b',                              false",
        "abcdefghijabcdefghijabcdefghijab,   true",
        "abcdefghijabcdefghijabcdefghijabc,  false",
    })
    void acceptsOnlyUrlAndFileSafeNames(String name, boolean valid) {
        assertEquals(valid, Names.isValid(name));
    }

    @Test
    void keepsGuestAndPageNamesFromSignUp() {
        assertTrue(Names.isReservedPerson("guest"));
        assertTrue(Names.isReservedPerson("login"));
        assertFalse(Names.isReservedPerson("alice"));
    }
}
