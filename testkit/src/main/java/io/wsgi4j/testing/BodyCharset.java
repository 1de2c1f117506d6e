// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;

/**
 * The charset a response's text is read in: the {@code charset} parameter of its Content-Type (RFC
 * 9110 section 8.3.3), as a browser reads a page, so a correct ISO-8859-1 page is not read as broken
 * UTF-8. UTF-8 when the response names none, or one Java does not know.
 */
final class BodyCharset {
    private BodyCharset() {
    }

    static Charset of(List<Header> headers) {
        String type = Headers.get(headers, "Content-Type");
        if (type == null) {
            return StandardCharsets.UTF_8;
        }
        String[] params = type.split(";");
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("charset")) {
                String name = p.substring(eq + 1).trim();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                return known(name);
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static Charset known(String name) {
        try {
            return name.isEmpty() ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
