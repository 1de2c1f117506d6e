// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The application/x-www-form-urlencoded decoder (WHATWG URL, "urlencoded parsing") shared by
 * {@link Query} and {@link Forms}: pairs split on {@code &} only (never {@code ;}, which lets a cache
 * and an app disagree about the parameters), {@code +} is a space, {@code %XX} is a byte, a {@code %}
 * without two hex digits stays literal, and the bytes are UTF-8.
 */
final class UrlEncoded {
    private UrlEncoded() {}

    /** Decodes a query string held as one char per byte (the environ's ISO-8859-1 convention). */
    static Params decode(String latin1, Limits limits, String what) {
        byte[] bytes = new byte[latin1.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = latin1.charAt(i);
            if (c > 0xff) {
                // someone put decoded Unicode into the environ: take it as UTF-8 text instead
                byte[] utf8 = latin1.getBytes(StandardCharsets.UTF_8);
                return decode(utf8, utf8.length, limits, what);
            }
            bytes[i] = (byte) c;
        }
        return decode(bytes, bytes.length, limits, what);
    }

    /** Decodes {@code bytes[0..length)}. */
    static Params decode(byte[] bytes, int length, Limits limits, String what) {
        Params.Builder out = new Params.Builder();
        int start = 0;
        while (start <= length) {
            int end = indexOf(bytes, (byte) '&', start, length);
            if (end > start) {
                if (out.size() == limits.maxFields()) {
                    throw RequestException.tooLarge(what + " has more than " + limits.maxFields() + " fields");
                }
                int eq = indexOf(bytes, (byte) '=', start, end);
                String name = text(bytes, start, eq, limits, what);
                String value = eq == end ? "" : text(bytes, eq + 1, end, limits, what);
                out.add(name, value);
            }
            start = end + 1;
        }
        return out.build();
    }

    private static int indexOf(byte[] b, byte target, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == target) {
                return i;
            }
        }
        return to;
    }

    private static String text(byte[] b, int from, int to, Limits limits, String what) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            int h1;
            int h2;
            if (c == '+') {
                out[n++] = ' ';
            } else if (c == '%' && i + 2 < to && (h1 = hex(b[i + 1])) >= 0 && (h2 = hex(b[i + 2])) >= 0) {
                out[n++] = (byte) (h1 << 4 | h2);
                i += 2;
            } else {
                out[n++] = c;
            }
        }
        if (n > limits.maxFieldBytes()) {
            throw RequestException.tooLarge(what + " has a field longer than " + limits.maxFieldBytes() + " bytes");
        }
        return utf8(out, 0, n, limits.strictUtf8(), what);
    }

    /** UTF-8 text; malformed input is replaced by U+FFFD, or answers 400 when {@code strict}. */
    static String utf8(byte[] b, int from, int length, boolean strict, String what) {
        boolean ascii = true;
        for (int i = from; i < from + length && ascii; i++) {
            ascii = b[i] >= 0;
        }
        if (ascii || !strict) {
            return new String(b, from, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return d.decode(ByteBuffer.wrap(b, from, length)).toString();
        } catch (CharacterCodingException e) {
            throw RequestException.badRequest(what + " is not valid UTF-8");
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
