// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Headers;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses an SCGI request's header block: a netstring ({@code LENGTH ":" BYTES ","}) holding
 * NUL-terminated name and value pairs, the first of which must be CONTENT_LENGTH (a decimal number)
 * and one of which must be {@code SCGI} with value {@code 1}. A name given twice keeps its last
 * value: the SCGI description forbids repeats, but nginx sends both when a configuration overrides
 * a parameter of an included {@code scgi_params} ({@code scgi_param QUERY_STRING ...}), and the last
 * is the override (as the FastCGI gateway reads repeats too). A request header's name ({@code HTTP_*})
 * given twice is a header the client sent twice, which nginx up to 1.22 passes on as two: its values
 * are joined as SPEC.md section 2 has it ({@link GatewayEnviron#joinedHeader}). CONTENT_LENGTH and
 * SCGI may repeat only with the same value. Pure, so it can be fuzzed: anything malformed ends in a
 * {@link GatewayProtocolException} or {@link EOFException}.
 */
final class ScgiHeaderParser {
    private ScgiHeaderParser() {
    }

    /**
     * Reads the header block from {@code in}, leaving the stream at the first body byte.
     *
     * @param maxBytes the largest header block accepted
     * @throws GatewayProtocolException if the block is malformed or larger than {@code maxBytes}
     */
    static Map<String, String> parse(InputStream in, int maxBytes) throws IOException {
        int length = length(in, maxBytes);
        if (length < 0) {
            throw new GatewayProtocolException("the SCGI header block is larger than this gateway's limit of "
                    + maxBytes + " bytes");
        }
        return block(in, length);
    }

    /**
     * Reads the netstring's length (decimal digits, no leading zero) and its ':'. A length over
     * {@code maxBytes} is known at its digit that passes the limit: reading stops there and the answer
     * is -1, so that the caller can refuse the request (431) without waiting for a block it will not read.
     *
     * @return the length of the header block, or -1 when it exceeds {@code maxBytes}
     * @throws GatewayProtocolException if the length is not decimal digits without a leading zero
     *     followed by ':'
     */
    static int length(InputStream in, int maxBytes) throws IOException {
        int length = 0;
        int digits = 0;
        int c;
        while ((c = in.read()) != ':') {
            if (c < 0) {
                throw new EOFException("the SCGI connection ended inside the netstring length");
            }
            if (c < '0' || c > '9' || digits == 10) {
                throw new GatewayProtocolException("an SCGI request starts with a netstring length (decimal"
                        + " digits, then ':'), found byte " + c + " after " + digits + " digits");
            }
            if (digits == 1 && length == 0) {
                // a netstring's length has no leading zeros: one length, one encoding of the block
                throw new GatewayProtocolException("the SCGI netstring length starts with a leading zero");
            }
            length = digits == 0 ? c - '0' : Math.addExact(Math.multiplyExact(length, 10), c - '0');
            if (length > maxBytes) {
                return -1;
            }
            digits++;
        }
        if (digits == 0) {
            throw new GatewayProtocolException("the SCGI netstring has an empty length before ':'");
        }
        return length;
    }

    /**
     * Reads the header block of {@code length} bytes that follows {@link #length} and its ','.
     *
     * @throws GatewayProtocolException if the block is malformed
     */
    static Map<String, String> block(InputStream in, int length) throws IOException {
        byte[] block = in.readNBytes(length);
        if (block.length < length) {
            throw new EOFException("the SCGI connection ended inside the header block");
        }
        int comma = in.read();
        if (comma != ',') {
            throw new GatewayProtocolException("the SCGI header netstring must end with ',', found byte " + comma);
        }
        return pairs(block);
    }

    private static Map<String, String> pairs(byte[] b) throws GatewayProtocolException {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < b.length) {
            int nameEnd = nul(b, i);
            int valueEnd = nul(b, nameEnd + 1);
            String name = new String(b, i, nameEnd - i, StandardCharsets.ISO_8859_1);
            String value = new String(b, nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.ISO_8859_1);
            if (name.isEmpty()) {
                throw new GatewayProtocolException("an SCGI header has an empty name (at offset " + i + ")");
            }
            if (out.isEmpty() && !name.equals("CONTENT_LENGTH")) {
                throw new GatewayProtocolException("the first SCGI header must be CONTENT_LENGTH, found "
                        + Headers.describe(name));
            }
            String earlier = out.put(name, value);
            if (earlier != null && !earlier.equals(value) && (name.equals("CONTENT_LENGTH") || name.equals("SCGI"))) {
                // two body lengths would make two ways to frame the request: refuse rather than pick one
                throw new GatewayProtocolException("the SCGI header " + name + " appears twice with different"
                        + " values (" + Headers.describe(earlier) + ", " + Headers.describe(value) + ")");
            }
            if (earlier != null && GatewayEnviron.isHeader(name)) {
                out.put(name, GatewayEnviron.joinedHeader(name, earlier, value)); // a repeated request header
            }
            i = valueEnd + 1;
        }
        String length = out.get("CONTENT_LENGTH");
        // any number of digits: leading zeros change nothing, and a length past any body is refused by
        // its value (413), as the FastCGI and CGI gateways read it (GatewayEnviron.declaredLength)
        if (length == null || length.isEmpty() || !length.chars().allMatch(ScgiHeaderParser::digit)) {
            throw new GatewayProtocolException("SCGI needs CONTENT_LENGTH as a decimal number first, found "
                    + (length == null ? "none" : Headers.describe(length)));
        }
        if (!"1".equals(out.get("SCGI"))) {
            throw new GatewayProtocolException("an SCGI request must carry the header SCGI=1, found "
                    + (out.containsKey("SCGI") ? Headers.describe(out.get("SCGI")) : "none"));
        }
        return out;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private static int nul(byte[] b, int from) throws GatewayProtocolException {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        throw new GatewayProtocolException("an SCGI header name or value is not NUL-terminated (from offset "
                + from + ")");
    }
}
