// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The FastCGI name-value pair format (PARAMS and GET_VALUES bodies): each length is one byte when
 * below 128, else four bytes big-endian with the top bit set. Names and values are decoded as
 * ISO-8859-1, so every byte survives unchanged (PEP 3333's rule for environ strings), except in a
 * request header's value, which {@link GatewayEnviron#fieldValue} keeps to SPEC.md R2.12. Pure.
 */
final class FastCgiParams {
    private FastCgiParams() {
    }

    /**
     * Decodes a complete PARAMS stream into name-value pairs, in order.
     *
     * @throws GatewayProtocolException when a length runs past the end of the data
     */
    static Map<String, String> decode(byte[] b, int len) throws GatewayProtocolException {
        Map<String, String> out = new LinkedHashMap<>();
        decodeInto(b, len, out);
        return out;
    }

    /**
     * Decodes a complete PARAMS stream straight into {@code out} (a request's environ: one map per
     * request instead of two). The names a web server sends on every request come back as the same
     * String constants each time ({@link CgiNames}), so they cost no copy and their hash is known.
     * Names of the gateway's own namespaces, and names SPEC.md R2.2 does not allow, are skipped
     * ({@link GatewayEnviron#kept}). A name given again replaces the earlier value (nginx sends an
     * overridden parameter twice, the override last), except a request header's, which is joined
     * ({@link GatewayEnviron#joinedHeader}).
     *
     * @throws GatewayProtocolException when a length runs past the end of the data
     */
    static void decodeInto(byte[] b, int len, Map<String, ? super String> out) throws GatewayProtocolException {
        int i = 0;
        while (i < len) {
            long nameLength = length(b, i, len);
            i += width(b[i]);
            if (i >= len) {
                throw truncated(i, len);
            }
            long valueLength = length(b, i, len);
            i += width(b[i]);
            if (nameLength + valueLength > len - i) {
                throw truncated(i, len);
            }
            String name = CgiNames.of(b, i, (int) nameLength);
            i += (int) nameLength;
            String value = new String(b, i, (int) valueLength, StandardCharsets.ISO_8859_1);
            i += (int) valueLength;
            // a known name is a CGI name, which needs no scan; of the others, wsgi.* and wsgi4j.* are the
            // gateway's to set, and only names R2.2 allows go in
            if (!CgiNames.isKnown(name) && !GatewayEnviron.kept(name)) {
                continue;
            }
            if (GatewayEnviron.isHeader(name)) {
                String field = GatewayEnviron.fieldValue(value);
                // a repeated header is joined (SPEC.md section 2); any other name given again is an override
                if (out.put(name, field) instanceof String earlier) {
                    out.put(name, GatewayEnviron.joinedHeader(name, earlier, field));
                }
            } else {
                out.put(name, value);
            }
        }
    }

    /** Encodes pairs in the same format (GET_VALUES_RESULT; tests and clients). */
    static byte[] encode(Map<String, String> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
            byte[] value = e.getValue().getBytes(StandardCharsets.ISO_8859_1);
            writeLength(out, name.length);
            writeLength(out, value.length);
            out.write(name, 0, name.length);
            out.write(value, 0, value.length);
        }
        return out.toByteArray();
    }

    private static long length(byte[] b, int i, int len) throws GatewayProtocolException {
        int first = b[i] & 0xff;
        if ((first & 0x80) == 0) {
            return first;
        }
        if (i + 4 > len) {
            throw truncated(i, len);
        }
        return ((long) (first & 0x7f) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    private static int width(byte first) {
        return (first & 0x80) == 0 ? 1 : 4;
    }

    private static void writeLength(ByteArrayOutputStream out, int n) {
        if (n < 128) {
            out.write(n);
        } else {
            out.write((n >>> 24) | 0x80);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
    }

    private static GatewayProtocolException truncated(int at, int len) {
        return new GatewayProtocolException("a FastCGI name-value pair runs past the end of its "
                + len + "-byte stream (at offset " + at + ")");
    }
}
