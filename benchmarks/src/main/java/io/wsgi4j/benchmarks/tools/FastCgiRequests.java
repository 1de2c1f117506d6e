// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.tools;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few FastCGI records a responder request needs (FastCGI 1.0, sections 3.3 and 5), as the load
 * tools send them: request id 1, every name and value shorter than 128 bytes.
 *
 * @since 0.2
 */
final class FastCgiRequests {
    static final int BEGIN_REQUEST = 1;
    static final int END_REQUEST = 3;
    static final int PARAMS = 4;
    static final int STDIN = 5;
    private static final int FLAG_KEEP_CONN = 1;

    private FastCgiRequests() {}

    /** BEGIN_REQUEST, role RESPONDER, flags 0: the gateway closes the connection after the answer. */
    static byte[] beginRequest() {
        return record(BEGIN_REQUEST, new byte[] {0, 1, 0, 0, 0, 0, 0, 0});
    }

    /** A whole GET /plaintext that asks the gateway to close the connection after it. */
    static byte[] request() {
        return whole(beginRequest(), new String[] {"REQUEST_METHOD", "GET", "REQUEST_URI", "/plaintext",
            "PATH_INFO", "/plaintext", "SCRIPT_NAME", "", "QUERY_STRING", "", "SERVER_NAME", "127.0.0.1",
            "SERVER_PORT", "80", "SERVER_PROTOCOL", "HTTP/1.1", "CONTENT_LENGTH", "0"});
    }

    /** BEGIN_REQUEST and the PARAMS of a POST /echo of 1,000 bytes, then the first byte of its STDIN only. */
    static byte[] stalledBody() {
        byte[] whole = whole(beginRequest(), new String[] {"REQUEST_METHOD", "POST", "REQUEST_URI", "/echo",
            "PATH_INFO", "/echo", "SCRIPT_NAME", "", "QUERY_STRING", "", "SERVER_NAME", "127.0.0.1",
            "SERVER_PORT", "80", "SERVER_PROTOCOL", "HTTP/1.1", "CONTENT_LENGTH", "1000"});
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(whole, 0, whole.length - 8); // without the empty STDIN that ends the body
        all.writeBytes(record(STDIN, new byte[] {'x'}));
        return all.toByteArray();
    }

    /** A whole request with these name-value pairs that keeps the connection open after it (keep-conn). */
    static byte[] keptRequest(String[] pairs) {
        return whole(record(BEGIN_REQUEST, new byte[] {0, 1, FLAG_KEEP_CONN, 0, 0, 0, 0, 0}), pairs);
    }

    private static byte[] whole(byte[] begin, String[] pairs) {
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        for (int i = 0; i < pairs.length; i += 2) {
            byte[] name = pairs[i].getBytes(StandardCharsets.ISO_8859_1);
            byte[] value = pairs[i + 1].getBytes(StandardCharsets.ISO_8859_1);
            params.write(name.length); // shorter than 128 bytes: a one-byte length
            params.write(value.length);
            params.writeBytes(name);
            params.writeBytes(value);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(begin);
        all.writeBytes(record(PARAMS, params.toByteArray()));
        all.writeBytes(record(PARAMS, new byte[0]));
        all.writeBytes(record(STDIN, new byte[0]));
        return all.toByteArray();
    }

    static byte[] record(int type, byte[] content) {
        byte[] r = new byte[8 + content.length];
        r[0] = 1; // version
        r[1] = (byte) type;
        r[3] = 1; // request id 1
        r[4] = (byte) (content.length >> 8);
        r[5] = (byte) content.length;
        System.arraycopy(content, 0, r, 8, content.length);
        return r;
    }
}
