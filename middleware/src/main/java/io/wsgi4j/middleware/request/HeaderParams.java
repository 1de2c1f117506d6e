// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a header value of the form {@code main; name=value; name="quoted"} (Content-Type,
 * Content-Disposition, one Accept element). Parameter names are lower-cased; quoted values keep their
 * text with the quotes removed. {@code backslashEscapes} follows RFC 9110 quoted-pair; it is off for
 * multipart Content-Disposition because browsers send backslashes literally there (and {@code "} as
 * {@code %22}). A parameter given twice keeps its first value; {@link #repeated()} names it.
 */
record HeaderParams(String main, Map<String, String> params, String repeated) {

    static HeaderParams parse(String value, boolean backslashEscapes) {
        int semi = value.indexOf(';');
        String main = (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        String repeated = null;
        int i = semi < 0 ? value.length() : semi + 1;
        while (i < value.length()) {
            int eq = value.indexOf('=', i);
            int nextSemi = value.indexOf(';', i);
            if (eq < 0 || (nextSemi >= 0 && nextSemi < eq)) {
                // a parameter without "=": skip it
                i = nextSemi < 0 ? value.length() : nextSemi + 1;
                continue;
            }
            String name = value.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < value.length() && (value.charAt(j) == ' ' || value.charAt(j) == '\t')) {
                j++;
            }
            StringBuilder v = new StringBuilder();
            if (j < value.length() && value.charAt(j) == '"') {
                j++;
                while (j < value.length() && value.charAt(j) != '"') {
                    char c = value.charAt(j);
                    if (c == '\\' && backslashEscapes && j + 1 < value.length()) {
                        c = value.charAt(++j);
                    }
                    v.append(c);
                    j++;
                }
                int end = value.indexOf(';', j);
                i = end < 0 ? value.length() : end + 1;
            } else {
                int end = value.indexOf(';', j);
                v.append(value, j, end < 0 ? value.length() : end);
                i = end < 0 ? value.length() : end + 1;
                v.setLength(v.toString().trim().length());
            }
            if (!name.isEmpty() && params.putIfAbsent(name, v.toString()) != null && repeated == null) {
                repeated = name;
            }
        }
        return new HeaderParams(main, params, repeated);
    }

    String param(String name) {
        return params.get(name);
    }
}
