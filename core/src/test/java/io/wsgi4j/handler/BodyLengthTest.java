// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyLengthTest {
    @Nested
    class Declared {
        @Test
        void aDecimalNumberIsTheLength() {
            assertEquals(0, BodyLength.parseDeclared("0"));
            assertEquals(123456789012345678L, BodyLength.parseDeclared("123456789012345678"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "-1", "+1", " 1", "1 ", "0x10", "1,1", "1234567890123456789"})
        void anythingElseIsRejectedQuotingTheValueR3_7(String value) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BodyLength.parseDeclared(value));
            assertTrue(e.getMessage().startsWith("R3.7 ") && e.getMessage().contains("\"" + value + "\""),
                    e.getMessage());
        }

        @Test
        void aSecondContentLengthIsRefusedNamingBothValuesR3_7() {
            assertEquals(6, BodyLength.declaredOnce(-1, "6"));
            IllegalArgumentException different = assertThrows(IllegalArgumentException.class,
                    () -> BodyLength.declaredOnce(6, "5"));
            assertTrue(different.getMessage().startsWith("R3.7 the headers give two different Content-Lengths, 6 and 5;"),
                    different.getMessage());
            IllegalArgumentException equal = assertThrows(IllegalArgumentException.class,
                    () -> BodyLength.declaredOnce(6, "6"));
            assertTrue(equal.getMessage().startsWith("R3.7 the headers give Content-Length 6 twice;"), equal.getMessage());
        }
    }

    @Nested
    class Known {
        @Test
        void aListsLengthIsTheSumOfItsChunks() {
            assertEquals(5, BodyLength.sizeOf(List.of(bytes("ab"), bytes(""), bytes("cde"))));
        }

        @Test
        void theRestOfACollectionIsTakenFromItsOneIterator() {
            Iterator<byte[]> it = new LinkedHashSet<>(List.of(bytes("ab"), bytes("cd"), bytes("e"))).iterator();
            it.next();
            List<byte[]> rest = BodyLength.drain(it, 3);
            assertFalse(it.hasNext());
            assertEquals(3, BodyLength.sizeOf(rest));
        }

        @Test
        void aNullChunkMakesTheLengthUnknown() {
            assertEquals(-1, BodyLength.sizeOf(Arrays.asList(bytes("ab"), null)));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
