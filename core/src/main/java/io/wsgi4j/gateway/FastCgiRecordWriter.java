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
    /** Where the header of the record {@link #open} began starts, or -1 when none is open. */
    private int openAt = -1;

    /** Appends a record whose content is {@code b[off, off+n)} ({@code n} at most 65535), after sealing an open one. */
    void record(int type, int requestId, byte[] b, int off, int n) {
        seal();
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

    /**
     * Begins a record whose content is appended by {@link #append} and whose header is filled in by
     * {@link #seal}: bytes go into the buffer once, with no staging copy.
     *
     * @throws IllegalStateException if a record is open already
     */
    void open(int type, int requestId) {
        if (openAt >= 0) {
            throw new IllegalStateException("a FastCGI record is open already; seal it first");
        }
        ensure(FastCgiRecord.HEADER_LENGTH);
        openAt = len;
        buf[len++] = FastCgiRecord.VERSION;
        buf[len++] = (byte) type;
        buf[len++] = (byte) (requestId >> 8);
        buf[len++] = (byte) requestId;
        len += 4; // content length and padding: written by seal()
    }

    /** Whether a record is open: {@link #open} was called and {@link #seal} not yet. */
    boolean isOpen() {
        return openAt >= 0;
    }

    /** The size of the buffer, which grows to hold what is written and never shrinks. */
    int capacity() {
        return buf.length;
    }

    /** The content bytes of the open record so far; 0 when none is open. */
    int openLength() {
        return openAt < 0 ? 0 : len - openAt - FastCgiRecord.HEADER_LENGTH;
    }

    /**
     * Appends content to the open record.
     *
     * @throws IllegalStateException if no record is open, or it would pass 65535 content bytes
     */
    void append(byte[] b, int off, int n) {
        if (openAt < 0) {
            throw new IllegalStateException("no FastCGI record is open; open() one first");
        }
        if (openLength() + n > FastCgiRecord.MAX_CONTENT) {
            throw new IllegalArgumentException("a FastCGI record holds at most 65535 content bytes, got "
                    + (openLength() + n));
        }
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** Ends the open record: its header gets the content length and padding. Nothing happens when none is open. */
    void seal() {
        if (openAt < 0) {
            return;
        }
        int n = openLength();
        int pad = (8 - (n & 7)) & 7;
        buf[openAt + 4] = (byte) (n >> 8);
        buf[openAt + 5] = (byte) n;
        buf[openAt + 6] = (byte) pad;
        buf[openAt + 7] = 0;
        openAt = -1;
        ensure(pad);
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

    /** Forgets every byte, an open record too; the buffer is kept for the next records. */
    void clear() {
        len = 0;
        openAt = -1;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
