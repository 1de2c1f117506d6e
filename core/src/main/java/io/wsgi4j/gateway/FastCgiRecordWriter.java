// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

/**
 * Encodes FastCGI records into a byte buffer: header, content, and padding to a multiple of 8 bytes
 * (the alignment the specification recommends). Pure: the caller decides when the bytes go out.
 */
final class FastCgiRecordWriter {
    private static final byte[] ZEROS = new byte[8];

    private byte[] buf = new byte[1024];
    private int len;

    /** Appends a record whose content is {@code b[off, off+n)}; {@code n} is at most 65535. */
    void record(int type, int requestId, byte[] b, int off, int n) {
        if (n > FastCgiRecord.MAX_CONTENT) {
            throw new IllegalArgumentException("a FastCGI record holds at most 65535 content bytes, got " + n);
        }
        int pad = (8 - (n & 7)) & 7;
        ensure(FastCgiRecord.HEADER_LENGTH + n + pad);
        buf[len++] = FastCgiRecord.VERSION;
        buf[len++] = (byte) type;
        buf[len++] = (byte) (requestId >> 8);
        buf[len++] = (byte) requestId;
        buf[len++] = (byte) (n >> 8);
        buf[len++] = (byte) n;
        buf[len++] = (byte) pad;
        buf[len++] = 0;
        System.arraycopy(b, off, buf, len, n);
        len += n;
        System.arraycopy(ZEROS, 0, buf, len, pad);
        len += pad;
    }

    /** Appends a stream (STDOUT, STDERR) of any length as as many records as it needs. */
    void stream(int type, int requestId, byte[] b, int off, int n) {
        while (n > 0) {
            int part = Math.min(n, FastCgiRecord.MAX_CONTENT - 7); // 65528: a full record needs no padding
            record(type, requestId, b, off, part);
            off += part;
            n -= part;
        }
    }

    /** Appends an END_REQUEST record. */
    void endRequest(int requestId, int appStatus, int protocolStatus) {
        byte[] body = {
            (byte) (appStatus >> 24), (byte) (appStatus >> 16), (byte) (appStatus >> 8), (byte) appStatus,
            (byte) protocolStatus, 0, 0, 0,
        };
        record(FastCgiRecord.END_REQUEST, requestId, body, 0, body.length);
    }

    /** Appends an UNKNOWN_TYPE answer to a management record of type {@code type}. */
    void unknownType(int type) {
        byte[] body = {(byte) type, 0, 0, 0, 0, 0, 0, 0};
        record(FastCgiRecord.UNKNOWN_TYPE, FastCgiRecord.NULL_REQUEST_ID, body, 0, body.length);
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return len;
    }

    void clear() {
        len = 0;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
