// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import java.nio.charset.StandardCharsets;

/** Percent-encodes query names and values as UTF-8, keeping only RFC 3986 unreserved characters. */
final class QueryEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QueryEncoding() {}

    static StringBuilder append(String text, StringBuilder b) {
        for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return b;
    }
}
