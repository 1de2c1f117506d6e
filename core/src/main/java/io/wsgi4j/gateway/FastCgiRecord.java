// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

/**
 * One FastCGI 1.0 record as it travels on the wire: a type, a request id and up to 65535 content
 * bytes (padding is a wire detail the reader strips and the writer adds). Also the protocol's
 * constants, so the codec, the connection and the tests name them the same way.
 */
record FastCgiRecord(int type, int requestId, byte[] content) {
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 8;
    static final int MAX_CONTENT = 65535;

    static final int BEGIN_REQUEST = 1;
    static final int ABORT_REQUEST = 2;
    static final int END_REQUEST = 3;
    static final int PARAMS = 4;
    static final int STDIN = 5;
    static final int STDOUT = 6;
    static final int STDERR = 7;
    static final int DATA = 8;
    static final int GET_VALUES = 9;
    static final int GET_VALUES_RESULT = 10;
    static final int UNKNOWN_TYPE = 11;

    /** Request id 0 marks a management record (GET_VALUES and friends). */
    static final int NULL_REQUEST_ID = 0;

    static final int ROLE_RESPONDER = 1;
    static final int FLAG_KEEP_CONN = 1;

    static final int REQUEST_COMPLETE = 0;
    static final int CANT_MPX_CONN = 1;
    static final int OVERLOADED = 2;
    static final int UNKNOWN_ROLE = 3;

    FastCgiRecord {
        if (content.length > MAX_CONTENT) {
            throw new IllegalArgumentException("a FastCGI record holds at most " + MAX_CONTENT
                    + " content bytes, got " + content.length);
        }
    }

    /** The role in a BEGIN_REQUEST body. */
    int role() {
        return ((content[0] & 0xff) << 8) | (content[1] & 0xff);
    }

    /** The flags byte in a BEGIN_REQUEST body. */
    int flags() {
        return content[2] & 0xff;
    }

    @Override
    public String toString() {
        return "FastCgiRecord[type=" + type + ", requestId=" + requestId + ", " + content.length + " bytes]";
    }
}
