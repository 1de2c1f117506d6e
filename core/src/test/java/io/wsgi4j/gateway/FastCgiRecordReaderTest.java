// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FastCgiRecordReaderTest {
    private static FastCgiRecordReader reader(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new FastCgiRecordReader(new ByteArrayInputStream(b));
    }

    @Test
    void returnsNullAtACleanEndBetweenRecords() throws IOException {
        assertNull(reader().read());
    }

    @Test
    void skipsPaddingAndReadsTheNextRecord() throws IOException {
        FastCgiRecordReader r = reader(1, 5, 0, 1, 0, 2, 6, 0, 'o', 'k', 0, 0, 0, 0, 0, 0,
                1, 5, 0, 1, 0, 0, 0, 0);
        assertEquals("ok", new String(r.read().content()));
        FastCgiRecord end = r.read();
        assertEquals(0, end.content().length);
        assertNull(r.read());
    }

    @Test
    void rejectsAnotherVersionNamingWhatItFound() {
        GatewayProtocolException e = assertThrows(GatewayProtocolException.class,
                () -> reader('G', 'E', 'T', ' ', '/', ' ', 'H', 'T').read());
        assertTrue(e.getMessage().contains("found version 71"), e.getMessage());
    }

    @Test
    void reportsATruncatedHeaderAsEndOfFile() {
        assertThrows(EOFException.class, () -> reader(1, 5, 0).read());
    }

    @Test
    void reportsTruncatedContentAsEndOfFile() {
        assertThrows(EOFException.class, () -> reader(1, 5, 0, 1, 0, 9, 0, 0, 'a').read());
    }

    @Test
    void reportsMissingPaddingAsEndOfFile() {
        assertThrows(EOFException.class, () -> reader(1, 5, 0, 1, 0, 1, 7, 0, 'a').read());
    }
}
