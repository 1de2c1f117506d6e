// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionCodecTest {
    private static final byte[] KEY = SessionsTest.KEY;
    private static final byte[] PAYLOAD = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignedValueVerifiesAndGivesThePayloadBack() {
        String v = SessionCodec.sign(PAYLOAD, KEY);
        assertTrue(v.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}"), v);
        assertArrayEquals(PAYLOAD, SessionCodec.verify(v, List.of(KEY)));
    }

    @Test
    void anyOfTheKeysMayHaveSigned() {
        String v = SessionCodec.sign(PAYLOAD, SessionsTest.OLD_KEY);
        assertArrayEquals(PAYLOAD, SessionCodec.verify(v, List.of(KEY, SessionsTest.OLD_KEY)));
        assertNull(SessionCodec.verify(v, List.of(KEY)));
    }

    @Test
    void flippingAnySignatureCharacterFailsVerification() {
        String v = SessionCodec.sign(PAYLOAD, KEY);
        int dot = v.indexOf('.');
        for (int i = dot + 1; i < v.length(); i++) {
            char c = v.charAt(i) == 'A' ? 'B' : 'A';
            assertNull(SessionCodec.verify(v.substring(0, i) + c + v.substring(i + 1), List.of(KEY)), "at " + i);
        }
    }

    @Test
    void aSignatureWrittenWithOtherUnusedBitsDoesNotVerify() {
        // the 43rd character carries 4 bits of the 32-byte signature and 2 unused ones: a lenient decoder
        // reads 4 spellings of one signature, so a copy with another last character would still verify
        // (and slip past, say, an application's list of cookie values retired at logout)
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String v = SessionCodec.sign(PAYLOAD, KEY);
        int last = alphabet.indexOf(v.charAt(v.length() - 1));
        for (int unused = 1; unused < 4; unused++) {
            String other = v.substring(0, v.length() - 1) + alphabet.charAt(last ^ unused);
            assertNull(SessionCodec.verify(other, List.of(KEY)), other);
        }
        assertArrayEquals(PAYLOAD, SessionCodec.verify(v, List.of(KEY)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", ".", "nodot", "é.é", "abc.=", "abc.AAAA"})
    void malformedValuesDoNotVerify(String value) {
        assertNull(SessionCodec.verify(value, List.of(KEY)));
    }

    @Test
    void nullDoesNotVerify() {
        assertNull(SessionCodec.verify(null, List.of(KEY)));
    }

    @Test
    void signingWithAShortKeyIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SessionCodec.sign(PAYLOAD, new byte[31]));
    }
}
