// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaryListTest {

    @ParameterizedTest(name = "''{0}'' lists Origin: {1}")
    @CsvSource(delimiter = '|', value = {
        "Origin                 | true",
        "origin                 | true",
        "' Accept ,\tORIGIN '  | true",
        "*                      | true",
        "'Accept, *'            | true",
        "X-Origin               | false",
        "Origins                | false",
        "'Accept,,'             | false",
        "''                     | false",
    })
    void listsOnlyWholeMembersOrTheWildcard(String vary, boolean listed) {
        assertEquals(listed, VaryList.lists(vary, "Origin"));
    }

    @Test
    void addsALineWhenThereIsNoVary() {
        List<Header> out = VaryList.with(Headers.of("Content-Type", "text/plain"), "Cookie");
        assertEquals(List.of("Cookie"), Headers.getAll(out, "Vary"));
    }

    @Test
    void appendsToTheFirstLineAndKeepsTheOthers() {
        List<Header> out = VaryList.with(Headers.of("Vary", "Accept", "X-A", "1", "Vary", "Accept-Language"), "Cookie");
        assertEquals(List.of("Vary", "X-A", "Vary"), out.stream().map(Header::name).toList());
        assertEquals(List.of("Accept, Cookie", "Accept-Language"), Headers.getAll(out, "Vary"));
    }

    @Test
    void leavesTheHeadersAloneWhenAnyLineListsTheName() {
        List<Header> in = Headers.of("Vary", "Accept", "Vary", "cookie");
        assertSame(in, VaryList.with(in, "Cookie"));
    }

    @Test
    void fillsABlankLine() {
        assertEquals(List.of("Cookie"), Headers.getAll(VaryList.with(Headers.of("Vary", " "), "Cookie"), "Vary"));
    }
}
