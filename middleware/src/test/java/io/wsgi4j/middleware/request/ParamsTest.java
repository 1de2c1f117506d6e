// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParamsTest {
    @Test
    void keepsOrderAndRepeats() {
        Params p = Params.of("b", "1", "a", "2", "b", "3");
        assertEquals(List.of("b", "a"), List.copyOf(p.names()));
        assertEquals(List.of("1", "3"), p.all("b"));
        assertEquals(3, p.size());
        assertEquals("{b=[1, 3], a=[2]}", p.toString());
    }

    @Test
    void absentNamesGiveNullOrTheDefault() {
        Params p = Params.of("a", "1");
        assertNull(p.first("x"));
        assertEquals("d", p.first("x", "d"));
        assertFalse(p.has("x"));
        assertTrue(p.has("a"));
    }

    @Test
    void namesAreCaseSensitive() {
        assertNull(Params.of("Name", "v").first("name"));
    }

    @Test
    void itCannotBeModified() {
        Params p = Params.of("a", "1");
        assertThrows(UnsupportedOperationException.class, () -> p.asMap().put("b", List.of("2")));
        assertThrows(UnsupportedOperationException.class, () -> p.all("a").add("x"));
    }

    @Test
    void noPairsIsTheEmptyInstance() {
        assertSame(Params.EMPTY, Params.of());
        assertTrue(Params.EMPTY.isEmpty());
    }

    @Test
    void anOddCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Params.of("a"));
    }

    @Test
    void equalPairsAreEqual() {
        assertEquals(Params.of("a", "1"), Query.parse("a=1", Limits.DEFAULT));
        assertEquals(Params.of("a", "1").hashCode(), Query.parse("a=1", Limits.DEFAULT).hashCode());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "page={0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "2,           2",
        "-7,          -7",
        "0042,        42",
        "2147483647,  2147483647",
        "-2147483648, -2147483648",
    })
    void firstIntReadsADecimalInt(String value, int expected) {
        assertEquals(expected, Params.of("page", value).firstInt("page", 1));
    }

    @Test
    void firstIntGivesTheDefaultWhenAbsent() {
        assertEquals(1, Params.EMPTY.firstInt("page", 1));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "page={0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"99999999999", "2147483648", "-2147483649", "", "-",
        "+1", "1.5", "0x10", " 1", "\u0661"})
    void firstIntRefusesAnythingButAnIntWith400(String value) {
        RequestException e = assertThrows(RequestException.class, () -> Params.of("page", value).firstInt("page", 1));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("\"page\""), e.getMessage());
    }

    /** RequestException's contract: a message never echoes more than a short, escaped piece of the input. */
    @Test
    void firstIntEchoesOnlyAShortEscapedPieceOfTheValue() {
        String value = "9".repeat(5000) + "\r\n<script>";
        RequestException e = assertThrows(RequestException.class, () -> Params.of("page", value).firstInt("page", 1));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
        assertFalse(e.getMessage().contains("\r") || e.getMessage().contains("\n"), e.getMessage());
    }
}
