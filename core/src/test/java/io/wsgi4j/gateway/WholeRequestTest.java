// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape the reactor serves without a reader thread: one request, all of it, and nothing else. */
class WholeRequestTest {
    private static final GatewayConfig CONFIG = GatewayConfig.defaults();
    private static final byte[] PARAMS = FastCgiParams.encode(Map.of("REQUEST_METHOD", "GET", "PATH_INFO", "/x"));
    private static final byte[] NONE = new byte[0];

    @Test
    void findsAGetAsNginxSendsIt() throws IOException {
        WholeRequest w = find(begin(7, FastCgiRecord.ROLE_RESPONDER, true), params(7, PARAMS), params(7, NONE),
                stdin(7, NONE));
        assertNotNull(w);
        assertEquals(7, w.id);
        assertTrue(w.keepConn);
        assertArrayEquals(PARAMS, w.params);
        assertArrayEquals(NONE, w.stdin);
    }

    @Test
    void joinsParamsAndStdinSpreadOverSeveralRecords() throws IOException {
        byte[] a = Arrays.copyOfRange(PARAMS, 0, 5);
        byte[] b = Arrays.copyOfRange(PARAMS, 5, PARAMS.length);
        byte[] body = "name=value&x=y".getBytes(StandardCharsets.US_ASCII);
        WholeRequest w = find(begin(1, FastCgiRecord.ROLE_RESPONDER, false), params(1, a), params(1, b),
                params(1, NONE), stdin(1, Arrays.copyOfRange(body, 0, 3)), stdin(1, Arrays.copyOfRange(body, 3, body.length)),
                stdin(1, NONE));
        assertNotNull(w);
        assertFalse(w.keepConn);
        assertArrayEquals(PARAMS, w.params);
        assertArrayEquals(body, w.stdin);
    }

    @Test
    void leavesToTheReaderWhatIsNotExactlyOneWholeRequest() throws IOException {
        byte[] begin = begin(1, FastCgiRecord.ROLE_RESPONDER, true);
        byte[] end = params(1, NONE);
        assertNull(find(begin, params(1, PARAMS), end), "the body has not ended yet");
        assertNull(find(begin, params(1, PARAMS), end, stdin(1, NONE), begin(2, FastCgiRecord.ROLE_RESPONDER, true)),
                "a second request follows");
        byte[] cut = stdin(1, NONE);
        assertNull(find(begin, params(1, PARAMS), end, Arrays.copyOf(cut, cut.length - 1)), "a record is cut");
        assertNull(find(begin(1, 2, true), params(1, PARAMS), end, stdin(1, NONE)), "another role");
        assertNull(find(begin(0, FastCgiRecord.ROLE_RESPONDER, true), params(0, PARAMS), params(0, NONE),
                stdin(0, NONE)), "the management id");
        assertNull(find(begin, params(2, PARAMS), end, stdin(1, NONE)), "another request's PARAMS");
        assertNull(find(params(1, PARAMS), end, stdin(1, NONE)), "no BEGIN_REQUEST");
        assertNull(find(begin, params(1, PARAMS), end, record(FastCgiRecord.DATA, 1, NONE), stdin(1, NONE)),
                "a record of another type");
    }

    @Test
    void leavesLimitsToTheReaderWhichAnswersThem() throws IOException {
        byte[] begin = begin(1, FastCgiRecord.ROLE_RESPONDER, true);
        GatewayConfig small = CONFIG.withMaxParamsBytes(PARAMS.length - 1);
        assertNull(WholeRequest.find(arrived(begin, params(1, PARAMS), params(1, NONE), stdin(1, NONE)), small),
                "PARAMS over maxParamsBytes: the reader answers 431");
        GatewayConfig oneRecord = CONFIG.withMaxParamsRecords(1);
        byte[] a = Arrays.copyOfRange(PARAMS, 0, 5);
        byte[] b = Arrays.copyOfRange(PARAMS, 5, PARAMS.length);
        assertNull(WholeRequest.find(arrived(begin, params(1, a), params(1, b), params(1, NONE), stdin(1, NONE)),
                oneRecord), "more PARAMS records than maxParamsRecords: the reader closes");
    }

    private static WholeRequest find(byte[]... records) throws IOException {
        return WholeRequest.find(arrived(records), CONFIG);
    }

    private static Arrived arrived(byte[]... records) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] r : records) {
            all.write(r);
        }
        Arrived a = new Arrived(1 << 20);
        var channel = Channels.newChannel(new ByteArrayInputStream(all.toByteArray()));
        while (a.readFrom(channel) > 0) {
            // gather it all, as the reactor would over several reads
        }
        return a;
    }

    private static byte[] begin(int id, int role, boolean keepConn) {
        return record(FastCgiRecord.BEGIN_REQUEST, id, new byte[] {(byte) (role >> 8), (byte) role,
            (byte) (keepConn ? FastCgiRecord.FLAG_KEEP_CONN : 0), 0, 0, 0, 0, 0});
    }

    private static byte[] params(int id, byte[] content) {
        return record(FastCgiRecord.PARAMS, id, content);
    }

    private static byte[] stdin(int id, byte[] content) {
        return record(FastCgiRecord.STDIN, id, content);
    }

    private static byte[] record(int type, int id, byte[] content) {
        FastCgiRecordWriter w = new FastCgiRecordWriter();
        w.record(type, id, content, 0, content.length);
        return Arrays.copyOf(w.buffer(), w.length());
    }
}
