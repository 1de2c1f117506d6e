// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How the cgi-fcgi harness reads the gateway's record stream that its relay kept. */
class RecordingRelayTest {
    private static byte[] record(int version, int type, String content, int padding) {
        return record(version, type, 1, content, padding);
    }

    private static byte[] record(int version, int type, int id, String content, int padding) {
        byte[] c = content.getBytes(StandardCharsets.ISO_8859_1);
        byte[] r = new byte[8 + c.length + padding];
        r[0] = (byte) version;
        r[1] = (byte) type;
        r[2] = (byte) (id >> 8);
        r[3] = (byte) id;
        r[4] = (byte) (c.length >> 8);
        r[5] = (byte) c.length;
        r[6] = (byte) padding;
        System.arraycopy(c, 0, r, 8, c.length);
        return r;
    }

    private static byte[] stream(byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    @Test
    void aWholeStreamGivesItsStdoutInOrderAndItsEnd() {
        byte[] s = stream(record(1, 6, "Status: 200 OK\r\n\r\n", 6), record(1, 7, "a warning", 0),
                record(1, 6, "body", 4), record(1, 6, "", 0), record(1, 3, "\0\0\0\0\0\0\0\0", 0));
        RecordingRelay.Records r = RecordingRelay.Records.of(s);
        assertArrayEquals("Status: 200 OK\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1), r.stdout());
        assertTrue(r.wellFormed());
        assertTrue(r.endRequest());
    }

    @Test
    void aRecordCutOffAtTheEndIsLeftOutAndTheStreamHasNoEnd() {
        byte[] whole = stream(record(1, 6, "first", 3), record(1, 6, "second", 2));
        for (int cut = whole.length - 1; cut > 16; cut--) {
            RecordingRelay.Records r = RecordingRelay.Records.of(Arrays.copyOf(whole, cut));
            assertArrayEquals("first".getBytes(StandardCharsets.ISO_8859_1), r.stdout(), "cut at " + cut);
            assertTrue(r.wellFormed(), "cut at " + cut);
            assertFalse(r.endRequest());
        }
    }

    @Test
    void aRecordForAnotherRequestIsMalformed() {
        // cgi-fcgi sends one request: a record for any other id is the gateway's error, never a misread
        assertFalse(RecordingRelay.Records.of(stream(record(1, 6, 1, "ok", 0), record(1, 6, 2, "x", 0))).wellFormed());
        assertFalse(RecordingRelay.Records.of(stream(record(1, 6, 1, "ok", 0), record(1, 3, 256, "\0\0\0\0\0\0\0\0", 0)))
                .wellFormed());
    }

    @Test
    void aWrongVersionOrATypeNoGatewaySendsIsMalformed() {
        assertFalse(RecordingRelay.Records.of(stream(record(1, 6, "ok", 0), record(2, 6, "x", 0))).wellFormed());
        assertFalse(RecordingRelay.Records.of(stream(record(1, 6, "ok", 0), record(1, 5, "x", 0))).wellFormed(),
                "STDIN comes from the client, never from the gateway");
        assertArrayEquals("ok".getBytes(StandardCharsets.ISO_8859_1),
                RecordingRelay.Records.of(stream(record(1, 6, "ok", 0), record(0, 6, "x", 0))).stdout(),
                "what came before the malformed record");
    }
}
