// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountPagesTest {

    @ParameterizedTest(name = "next \"{0}\" -> {1}")
    @CsvSource({
        "/projects/demo/,            /projects/demo/",
        "/projects/a%20b/wiki/Home,  /projects/a%20b/wiki/Home",
        "/login?next=%2F,            /login?next=%2F",
        "'',                         /home",
        "//evil.example/,            /home",
        "https://evil.example/,      /home",
        "/\\evil.example,            /home",
        "'/a b',                     /home",
        "/bad%zz,                    /home",
        "javascript:alert(1),        /home",
    })
    void redirectsAfterLoginOnlyToLocalPaths(String next, String expected) {
        assertEquals(expected, AccountPages.safeNext(next, "/home"));
    }
}
