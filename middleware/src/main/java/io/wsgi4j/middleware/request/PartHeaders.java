// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The headers of one multipart/form-data part that matter: the field name, the file name (null for a
 * text field) and the Content-Type. Names arrive as raw UTF-8 bytes inside quotes (what browsers send).
 */
record PartHeaders(String name, String filename, String contentType) {

    static PartHeaders parse(String block, boolean strictUtf8) {
        String disposition = null;
        String type = null;
        for (String line : block.split("\r\n", -1)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw RequestException.badRequest("a multipart part has a header line without a name: "
                        + RequestException.quote(line));
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-disposition")) {
                disposition = value;
            } else if (name.equals("content-type")) {
                type = value;
            }
        }
        if (disposition == null) {
            throw RequestException.badRequest("a multipart part has no Content-Disposition header");
        }
        HeaderParams d = HeaderParams.parse(disposition, false);
        String fieldName = d.param("name");
        if (!d.main().equals("form-data") || fieldName == null) {
            throw RequestException.badRequest("a multipart part's Content-Disposition must be form-data with a name,"
                    + " got " + RequestException.quote(disposition));
        }
        String filename = d.param("filename");
        return new PartHeaders(utf8(fieldName, strictUtf8), filename == null ? null : utf8(filename, strictUtf8),
                type == null || type.isEmpty() ? "application/octet-stream" : type);
    }

    private static String utf8(String latin1, boolean strict) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        return UrlEncoded.utf8(b, 0, b.length, strict, "a multipart part name");
    }
}
