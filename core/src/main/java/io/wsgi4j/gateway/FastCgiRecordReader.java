// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes FastCGI records from a byte stream. Pure: it knows the wire format and nothing about
 * requests, so it can be fuzzed on its own. Every way a stream can be malformed ends in a
 * {@link GatewayProtocolException} (or {@link EOFException} for a truncated record), never in any
 * other exception.
 */
final class FastCgiRecordReader {
    private final InputStream in;
    private final byte[] header = new byte[FastCgiRecord.HEADER_LENGTH];
    private final byte[] padding = new byte[255];

    FastCgiRecordReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next record, or null when the stream ends cleanly between records.
     *
     * @throws GatewayProtocolException on an unsupported version
     * @throws EOFException when the stream ends inside a record
     */
    FastCgiRecord read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        readFully(header, 1, FastCgiRecord.HEADER_LENGTH - 1);
        if (first != FastCgiRecord.VERSION) {
            throw new GatewayProtocolException("expected a FastCGI version 1 record header, found version "
                    + first + "; is a non-FastCGI client connected to the FastCGI port?");
        }
        int type = header[1] & 0xff;
        int requestId = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        int contentLength = ((header[4] & 0xff) << 8) | (header[5] & 0xff);
        int paddingLength = header[6] & 0xff;
        byte[] content = new byte[contentLength];
        readFully(content, 0, contentLength);
        readFully(padding, 0, paddingLength);
        return new FastCgiRecord(type, requestId, content);
    }

    private void readFully(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
            int r = in.read(b, off, n);
            if (r < 0) {
                throw new EOFException("the FastCGI stream ended inside a record (" + n + " bytes missing)");
            }
            off += r;
            n -= r;
        }
    }
}
