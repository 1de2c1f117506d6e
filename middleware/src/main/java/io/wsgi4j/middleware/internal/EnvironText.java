// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import io.wsgi4j.handler.AdapterSupport;
import java.nio.charset.StandardCharsets;

/**
 * Text in and out of the form every CGI variable takes (SPEC R2.3): bytes, one character per byte,
 * read as UTF-8 where they stand for text (a path segment, a user name). ASCII reads as itself
 * either way, and costs no copy.
 */
public final class EnvironText {
    private EnvironText() {}

    /** {@code text}'s UTF-8 bytes, one character per byte (as the engine adapters make them). */
    public static String of(String text) {
        return AdapterSupport.bytes(text);
    }

    /** Reads a one-character-per-byte string as UTF-8; null when its bytes are not valid UTF-8. */
    public static String read(String bytes) {
        if (isAscii(bytes)) {
            return bytes;
        }
        String s = new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        // the decoder substitutes U+FFFD for bad bytes; a genuine U+FFFD arrives as EF BF BD
        return s.indexOf('\uFFFD') >= 0 && !bytes.contains("\u00EF\u00BF\u00BD") ? null : s;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
