// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import io.wsgi4j.LogEscape;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One log line being formatted, held as the UTF-8 bytes it will be written as: the access log formats
 * straight into it and a stream sink writes its bytes in one call, with no StringBuilder, String or
 * encoding step between (formatting and copying text twice cost more than the rest of a line).
 *
 * <p>Request text is escaped as it is copied ({@link #appendEscaped}); the common field (plain ASCII,
 * nothing to escape) is a bulk copy of its bytes and one check of its characters. A field with something to escape or a non-ASCII
 * character takes the slow path: escaped as characters, then encoded as UTF-8 (a lone surrogate becomes
 * {@code ?}, as {@link String#getBytes} makes it). Read as a {@link CharSequence}, the line is its text
 * decoded from those bytes, so a sink that wants characters sees exactly what a stream sink writes.
 */
final class LogLine implements CharSequence {
    /** How a string is copied: as is, escaped for a text format, escaped for JSON. */
    private static final int RAW = 0;
    private static final int TEXT = 1;
    private static final int JSON = 2;

    /** "00" to "99", two bytes each. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** "000" to "999", three digit bytes and a zero per int, stored by {@link #appendTriple} as one 4-byte word. */
    private static final int[] DIGIT_TRIPLES = new int[1000];
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < 1000; i++) {
            DIGIT_TRIPLES[i] = ('0' + i / 100) | ('0' + i / 10 % 10) << 8 | ('0' + i % 10) << 16;
        }
    }

    private byte[] bytes;
    private int length;
    private boolean ascii = true;
    private String text; // the decoded text of a non-ASCII line, made when first read as characters
    private int textOf; // the length the line had when text was made: an append since makes it stale

    LogLine(int capacity) {
        bytes = new byte[capacity];
    }

    /** Empties the line for reuse. */
    void clear() {
        length = 0;
        ascii = true;
        text = null;
    }

    /** How many bytes the buffer holds before it grows (a pool drops lines that grew too far). */
    int capacity() {
        return bytes.length;
    }

    /** Appends a constant piece of a line (a key, a date part) a word at a time. */
    LogLine append(AsciiText text) {
        ensure(text.span()); // the padding past the text is free space, overwritten by the next append
        text.copyTo(bytes, length);
        length += text.length();
        return this;
    }

    /** Appends an ASCII character. */
    LogLine append(char asciiChar) {
        ensure(1);
        bytes[length++] = (byte) asciiChar;
        return this;
    }

    /** Appends {@code n} in decimal digits (no String per number). */
    LogLine appendDecimal(long n) {
        if (n < 0) {
            return append(Long.toString(n)); // never on the access log's path: sizes and times
        }
        if (n >= 100 && n < 1000) { // every status
            return appendTriple((int) n);
        }
        if (n <= Integer.MAX_VALUE) { // sizes, durations: int arithmetic is cheaper
            int v = (int) n;
            int digits = 1;
            for (int limit = 10; digits < 10 && v >= limit; limit *= 10) {
                digits++;
            }
            return appendDigits(v, digits);
        }
        int digits = 1;
        for (long rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        long rest = n;
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + (int) (rest % 10));
            rest /= 10;
        }
        length += digits;
        return this;
    }

    /** Appends {@code s} as it is, encoded as UTF-8 (a field the formats print unescaped). */
    LogLine append(String s) {
        return append(s, RAW);
    }

    /** Appends {@code value} (not negative) as exactly {@code width} digits, zero-padded on the left. */
    LogLine appendDigits(int value, int width) {
        ensure(width);
        byte[] b = bytes;
        int rest = value;
        int i = length + width;
        // two digits per division, from the right: half the chain of dependent divisions of one at a time
        for (; i - length >= 2; i -= 2) {
            int next = rest / 100;
            int pair = (rest - next * 100) * 2;
            b[i - 1] = DIGIT_PAIRS[pair + 1];
            b[i - 2] = DIGIT_PAIRS[pair];
            rest = next;
        }
        if (i > length) {
            b[i - 1] = (byte) ('0' + rest % 10);
        }
        length += width;
        return this;
    }

    /**
     * Appends {@code value}, 0 to 999, as exactly three digits, zero-padded: one table read and one store
     * (the fourth byte of the word is free space, overwritten by what follows).
     */
    LogLine appendTriple(int value) {
        ensure(4);
        INT.set(bytes, length, DIGIT_TRIPLES[value]);
        length += 3;
        return this;
    }

    /**
     * Appends {@code s} escaped: as JSON string content when {@code json} (Jackson's escaping, see
     * {@link JsonText}), else as Apache escapes request data in text logs ({@link LogEscape}).
     */
    LogLine appendEscaped(String s, boolean json) {
        return append(s, json ? JSON : TEXT);
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, as wanted here
    private LogLine append(String s, int escape) {
        int n = s.length();
        ensure(n);
        int at = length;
        // The common case, ASCII with nothing to escape: copy the low bytes in bulk (an array copy for a Latin-1
        // string), then check the characters, not the bytes, so a character past U+00FF, whose low byte may look
        // plain, still ends the fast part. Bytes past the first character that needs care are overwritten below.
        s.getBytes(0, n, bytes, at);
        int i = 0;
        while (i < n && isPlain(s.charAt(i))) {
            i++;
        }
        length = at + i;
        if (i < n) {
            String rest = s.substring(i);
            if (escape != RAW) {
                StringBuilder escaped = new StringBuilder(rest.length() + 16);
                if (escape == JSON) {
                    JsonText.appendEscaped(escaped, rest);
                } else {
                    LogEscape.append(escaped, rest, true);
                }
                rest = escaped.toString();
            }
            appendUtf8(rest);
        }
        return this;
    }

    /** ASCII that no format escapes: not a control character, DEL, a quote or a backslash. */
    private static boolean isPlain(char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }

    private void appendUtf8(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length != s.length()) {
            ascii = false; // some character took more than one byte
        }
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
    }

    /** Writes the line and a line break to {@code out} in one call. */
    void writeLineTo(OutputStream out) throws IOException {
        ensure(1);
        bytes[length] = '\n'; // past the line's end: the line itself is unchanged
        out.write(bytes, 0, length + 1);
    }

    /** True when every byte is ASCII, so byte {@code i} is character {@code i}. */
    boolean isAscii() {
        return ascii;
    }

    /**
     * Copies an ASCII line's characters into {@code dst} from index 0; the caller checked {@link #isAscii}
     * and the room.
     */
    void getAsciiChars(char[] dst) {
        for (int i = 0; i < length; i++) {
            dst[i] = (char) bytes[i];
        }
    }

    @Override
    public int length() {
        return ascii ? length : text().length();
    }

    @Override
    public char charAt(int index) {
        if (ascii) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException("index " + index + " is outside the line of " + length + " chars");
            }
            return (char) bytes[index];
        }
        return text().charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().subSequence(start, end);
    }

    @Override
    public String toString() {
        return ascii ? new String(bytes, 0, length, StandardCharsets.ISO_8859_1) : text();
    }

    private String text() {
        if (text == null || textOf != length) { // every append but an empty one adds bytes; clear drops the text
            text = new String(bytes, 0, length, StandardCharsets.UTF_8);
            textOf = length;
        }
        return text;
    }

    /** Makes room for {@code more} bytes (a compare on the path of every append: no store unless it grows). */
    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
