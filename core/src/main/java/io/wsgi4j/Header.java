// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.Objects;

/**
 * One response header: a name and a value, validated on construction.
 *
 * <pre>{@code
 * Header.of("Content-Type", "text/plain; charset=utf-8")
 * }</pre>
 *
 * <p>Accepted names: one or more RFC 9110 token characters ({@code A-Z a-z 0-9
 * !#$%&'*+-.^_`|~}). Accepted values: characters U+0000..U+00FF except NUL, CR, LF and the other
 * control characters (horizontal tab is allowed), so a header can never split a response. Names keep
 * the case they were given; compare them with {@link #is(String)}.
 *
 * @since 0.1
 */
public final class Header {
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) TOKEN[c] = true;
        for (char c = 'a'; c <= 'z'; c++) TOKEN[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TOKEN[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TOKEN[c] = true;
    }

    private final String name;
    private final String value;

    private Header(String name, String value) {
        this.name = name;
        this.value = value;
    }

    /**
     * A header with {@code name} and {@code value}.
     *
     * @throws IllegalArgumentException naming the header if the name is not a token or the value holds
     *     CR, LF, NUL, another control character or a character above U+00FF
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    public static Header of(String name, String value) {
        checkName(name);
        checkValue(name, value);
        return new Header(name, value);
    }

    /** The name, as given. @since 0.1 */
    public String name() {
        return name;
    }

    /** The value. @since 0.1 */
    public String value() {
        return value;
    }

    /** True when this header's name equals {@code otherName}, ignoring ASCII case. @since 0.1 */
    public boolean is(String otherName) {
        // Names are nearly always spelt alike (constants on both sides): an exact match first, which the
        // JIT compares in bulk, then the case-insensitive one, which compares character by character
        return name == otherName || otherName != null && name.length() == otherName.length()
                && (name.equals(otherName) || name.equalsIgnoreCase(otherName));
    }

    /**
     * A copy with another value; only the value is checked (this header's name already was), so a
     * header built once as a template is a cheap way to make per-request values.
     *
     * @throws IllegalArgumentException naming the header if the value holds CR, LF, NUL, another control
     *     character or a character above U+00FF
     * @throws NullPointerException if {@code newValue} is null
     * @since 0.1
     */
    public Header withValue(String newValue) {
        checkValue(name, newValue);
        return new Header(name, newValue);
    }

    /** True when {@code name} is a valid header name (an RFC 9110 token). @since 0.1 */
    public static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 128 || !TOKEN[c]) {
                return false;
            }
        }
        return true;
    }

    /** {@code "Name: value"}. @since 0.1 */
    @Override
    public String toString() {
        return name + ": " + value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header h && h.name.equals(name) && h.value.equals(value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + value.hashCode();
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "header name");
        if (!isToken(name)) {
            throw new IllegalArgumentException("header name must be a token (letters, digits, !#$%&'*+-.^_`|~),"
                    + " got " + Headers.quote(name));
        }
    }

    static void checkValue(String name, String value) {
        Objects.requireNonNull(value, "header value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("header " + name + ": value must be Latin-1 text without CR, LF,"
                        + " NUL or other control characters, got " + Headers.quote(value)
                        + " (encode the value, e.g. percent-encode or RFC 8187, before setting it)");
            }
        }
    }
}
