// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The application/x-www-form-urlencoded decoder (WHATWG URL, "urlencoded parsing") shared by
 * {@link Query} and {@link Forms}: pairs split on {@code &} only (never {@code ;}, which lets a cache
 * and an app disagree about the parameters), {@code +} is a space, {@code %XX} is a byte, a {@code %}
 * without two hex digits stays literal, and the bytes are UTF-8 unless a {@code _charset_} field names
 * another charset ({@link FormCharset}; the first such field counts).
 */
final class UrlEncoded {
    private static final byte[] FIELD = FormCharset.FIELD.getBytes(StandardCharsets.US_ASCII);

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
        Charset charset = charset(bytes, length, what);
        Params.Builder out = new Params.Builder();
        int start = 0;
        while (start <= length) {
            int end = indexOf(bytes, (byte) '&', start, length);
            if (end > start) {
                if (out.size() == limits.maxFields()) {
                    throw RequestException.tooLarge(what + " has more than " + limits.maxFields() + " fields");
                }
                int eq = indexOf(bytes, (byte) '=', start, end);
                String name = text(bytes, start, eq, limits, charset, what);
                String value = eq == end ? "" : text(bytes, eq + 1, end, limits, charset, what);
                out.add(name, value);
            }
            start = end + 1;
        }
        return out.build();
    }

    /**
     * The charset the first {@code _charset_} pair names, else UTF-8. The form is split on bytes, so the field
     * is found wherever it is, before any text is decoded.
     */
    private static Charset charset(byte[] bytes, int length, String what) {
        int start = 0;
        while (start < length) {
            int end = indexOf(bytes, (byte) '&', start, length);
            int eq = indexOf(bytes, (byte) '=', start, end);
            if (isCharsetField(bytes, start, eq)) {
                byte[] label = new byte[end - eq];
                int n = eq == end ? 0 : unescape(bytes, eq + 1, end, label);
                return FormCharset.named(new String(label, 0, n, StandardCharsets.ISO_8859_1), what);
            }
            start = end + 1;
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * True when {@code b[from..to)} is the name {@code _charset_} in any ASCII case (as browsers match the hidden
     * field's name, whatwg/html#5914), as is or with some bytes %-escaped.
     */
    private static boolean isCharsetField(byte[] b, int from, int to) {
        int n = to - from;
        if (n < FIELD.length || n > 3 * FIELD.length || b[from] != '_' && b[from] != '%') {
            return false; // the common name: no copy ("_" is the first byte, as is or as %5F)
        }
        byte[] name = new byte[n];
        if (unescape(b, from, to, name) != FIELD.length) {
            return false;
        }
        for (int i = 0; i < FIELD.length; i++) {
            if ((name[i] | 0x20) != FIELD[i] && name[i] != FIELD[i]) { // FIELD is lower case; '_' | 0x20 is not '_'
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte target, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == target) {
                return i;
            }
        }
        return to;
    }

    private static String text(byte[] b, int from, int to, Limits limits, Charset charset, String what) {
        byte[] out = new byte[to - from];
        int n = unescape(b, from, to, out);
        if (n > limits.maxFieldBytes()) {
            throw RequestException.tooLarge(what + " has a field longer than " + limits.maxFieldBytes() + " bytes");
        }
        return FormCharset.decode(out, 0, n, charset, limits.strictUtf8(), what);
    }

    /** Decodes {@code +} and {@code %XX} in {@code b[from..to)} into {@code out}; returns the byte count. */
    private static int unescape(byte[] b, int from, int to, byte[] out) {
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
        return n;
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
