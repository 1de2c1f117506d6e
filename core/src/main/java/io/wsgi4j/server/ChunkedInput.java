// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.IOException;

/**
 * A request body in the chunked transfer coding (RFC 9112 section 7.1), decoded: chunk sizes and
 * extensions are parsed and dropped, trailer fields are read and dropped, and the stream ends after
 * the last chunk. Malformed framing throws a 400 {@link HttpException}, a body over the limit a 413.
 * A chunk-size line may be at most 4 KiB long, and one body's chunk extensions, with the zeros that
 * pad a chunk size past 16 digits, at most {@value #MAX_EXTENSION_BYTES} bytes together (400).
 */
final class ChunkedInput extends BodyInput {
    private static final int MAX_LINE = 4096;
    /**
     * The most chunk-extension bytes one body may carry, all chunks together. Extensions are read
     * and dropped, and they count against no other limit, so without this cap a client could
     * stream them forever in one-byte chunks. 16 KiB: no client in use sends any.
     */
    static final int MAX_EXTENSION_BYTES = 16 * 1024;
    /**
     * Hex digits a chunk size may have, leading zeros included, before the excess counts against
     * {@link #MAX_EXTENSION_BYTES}: 16 hold any size, also zero-padded to a fixed width. Leading zeros
     * are valid (chunk-size = 1*HEXDIG) but carry no body, so uncounted they would let a client send
     * 4 KiB of size line for each body byte.
     */
    private static final int FREE_SIZE_DIGITS = 16;

    private final long maxBody;
    private final int maxTrailerBytes;
    private final int maxLine;
    private long chunkLeft;
    private long total;
    private int extensionBytes;
    private boolean done;

    ChunkedInput(SocketInput src, long maxBody, int maxTrailerBytes, int maxBuffer, Continuer continuer) {
        super(src, continuer);
        this.maxBody = maxBody;
        this.maxTrailerBytes = maxTrailerBytes;
        this.maxLine = Math.min(MAX_LINE, maxBuffer - 2);
    }

    @Override
    boolean finished() {
        return done;
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (chunkLeft == 0) {
            chunkLeft = chunkSize();
            if (chunkLeft == 0) {
                trailers();
                done = true;
                return -1;
            }
            total += chunkLeft;
            if (total > maxBody) {
                throw new HttpException(413, "chunked request body is over the limit of " + maxBody + " bytes");
            }
        }
        int n = src.read(b, off, (int) Math.min(len, chunkLeft));
        if (n < 0) {
            throw new ClientClosedException("client closed the connection inside a chunk of the request body");
        }
        chunkLeft -= n;
        if (chunkLeft == 0) {
            crlf();
        }
        return n;
    }

    private long chunkSize() throws IOException {
        int lf = src.lineEnd(maxLine);
        byte[] buf = src.buf;
        int i = src.pos;
        long size = 0;
        int digits = 0;
        while (i < lf && hex(buf[i]) >= 0) {
            // leading zeros are valid (chunk-size = 1*HEXDIG) and change nothing: only significant digits count
            if ((size != 0 || buf[i] != '0') && ++digits > 15) {
                throw new HttpException(400, "chunk size has too many digits");
            }
            size = size << 4 | hex(buf[i++]);
        }
        if (i == src.pos || buf[lf - 1] != '\r' || lf - 1 < i) {
            throw new HttpException(400, "malformed chunk size line");
        }
        int end = lf - 1;
        // chunk extensions: [BWS] ";" ... ; their meaning is ignored, but their bytes must be clean
        int j = i;
        while (j < end && (buf[j] == ' ' || buf[j] == '\t')) {
            j++;
        }
        if (j < end ? buf[j] != ';' : j != i) { // whitespace may only precede an extension
            throw new HttpException(400, "malformed chunk size line");
        }
        extensionBytes += end - i + Math.max(0, i - src.pos - FREE_SIZE_DIGITS);
        if (extensionBytes > MAX_EXTENSION_BYTES) {
            throw new HttpException(400, "chunk extensions (and chunk sizes padded past " + FREE_SIZE_DIGITS
                    + " digits) of this request body exceed " + MAX_EXTENSION_BYTES
                    + " bytes in all (the server reads and ignores them; send none)");
        }
        for (; j < end; j++) {
            int c = buf[j] & 0xff;
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new HttpException(400, "control character in chunk extension");
            }
        }
        src.pos = lf + 1;
        return size;
    }

    private void crlf() throws IOException {
        int lf;
        try {
            lf = src.lineEnd(2);
        } catch (HttpException e) {
            lf = -1; // no LF within two bytes: the chunk ran longer than its size said
        }
        if (lf != src.pos + 1 || src.buf[src.pos] != '\r') {
            throw new HttpException(400, "chunk data not followed by CRLF: the chunk holds more bytes than its size line"
                    + " says, or its CRLF is missing");
        }
        src.pos = lf + 1;
    }

    private void trailers() throws IOException {
        int bytes = 0;
        while (true) {
            int lf = src.lineEnd(maxLine);
            int start = src.pos;
            if (lf == start || src.buf[lf - 1] != '\r') {
                throw new HttpException(400, "trailer line ends with a bare LF instead of CRLF");
            }
            src.pos = lf + 1;
            if (lf - 1 == start) {
                return;
            }
            bytes += lf + 1 - start;
            if (bytes > maxTrailerBytes) {
                throw new HttpException(431, "trailer section larger than " + maxTrailerBytes + " bytes");
            }
            byte first = src.buf[start];
            if (first == ' ' || first == '\t' || first == ':') {
                throw new HttpException(400, "malformed trailer field");
            }
            // a trailer field line is a field line (RFC 9112 section 7.1.2): a token, then the colon at once
            int name = start;
            while (name < lf - 1 && FieldRules.TCHAR[src.buf[name] & 0xff]) {
                name++;
            }
            for (int k = name; k < lf - 1; k++) {
                int c = src.buf[k] & 0xff;
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new HttpException(400, "control character in trailer field");
                }
            }
            if (name == lf - 1) {
                throw new HttpException(400, "trailer field without a colon");
            }
            if (src.buf[name] != ':') {
                throw new HttpException(400, src.buf[name] == ' ' || src.buf[name] == '\t'
                        ? "whitespace between trailer field name and colon" : "invalid character in trailer field name");
            }
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    @Override
    public int available() {
        return done ? 0 : (int) Math.min(src.buffered(), chunkLeft);
    }

    @Override
    public String toString() {
        return "wsgi.input(chunked, " + total + " bytes so far" + (done ? ", complete)" : ")");
    }
}
