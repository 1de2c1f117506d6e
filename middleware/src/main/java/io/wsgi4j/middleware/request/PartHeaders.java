// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.PercentCodec;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The headers of one multipart/form-data part that matter: the field name, the file name (null for a
 * text field) and the Content-Type. Names arrive as raw bytes inside quotes (what browsers send), in the
 * form's charset (UTF-8 unless its {@code _charset_} field says otherwise, which may come last): they are
 * kept as those bytes, one char per byte, and decoded by {@link #decoded} once the charset is known. A
 * file name from {@code filename*} (RFC 8187) is text already.
 */
record PartHeaders(String name, String filename, boolean filenameIsText, String contentType) {

    /** The headers with the name and file name decoded in {@code charset}. */
    PartHeaders decoded(Charset charset, boolean strict) {
        return new PartHeaders(text(name, charset, strict, "a multipart part name"),
                filename == null || filenameIsText ? filename : text(filename, charset, strict, "a multipart file name"),
                true, contentType);
    }

    static PartHeaders parse(String block, boolean strictUtf8) {
        String disposition = null;
        String type = null;
        for (String line : block.split("\r\n", -1)) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\0') >= 0) {
                // RFC 9110 5.5: readers that end a line at a bare CR or LF would see other headers than we do
                throw RequestException.badRequest("a multipart part header has a CR, LF or NUL inside a line: "
                        + RequestException.quote(line));
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                // a MIME reader joins it to the header before (RFC 5322 folding, obsolete in HTTP: RFC 9112
                // 5.2); browsers never fold, and taking it for a header of its own would read another part
                throw RequestException.badRequest("a multipart part header is folded (a line starts with a space"
                        + " or tab): " + RequestException.quote(line));
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw RequestException.badRequest("a multipart part has a header line without a name: "
                        + RequestException.quote(line));
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-disposition")) {
                if (disposition != null) {
                    // two readers of this body could each believe a different one
                    throw RequestException.badRequest("a multipart part has two Content-Disposition headers");
                }
                disposition = value;
            } else if (name.equals("content-type")) {
                type = value;
            }
        }
        if (disposition == null) {
            throw RequestException.badRequest("a multipart part has no Content-Disposition header");
        }
        HeaderParams d = HeaderParams.parse(disposition, false);
        if (d.repeated() != null) {
            // RFC 6266 4.1: invalid; readers that keep the last value would see another name or file name
            throw RequestException.badRequest("a multipart part's Content-Disposition has the parameter "
                    + RequestException.quote(d.repeated()) + " twice");
        }
        String fieldName = d.param("name");
        if (!d.main().equals("form-data") || fieldName == null) {
            throw RequestException.badRequest("a multipart part's Content-Disposition must be form-data with a name,"
                    + " got " + RequestException.quote(disposition));
        }
        String filename = d.param("filename");
        String extended = d.param("filename*");
        boolean isText = filename == null && extended != null;
        if (isText) {
            filename = extendedValue(extended, strictUtf8);
        }
        return new PartHeaders(fieldName, filename, isText,
                type == null || type.isEmpty() ? "application/octet-stream" : type);
    }

    /**
     * An RFC 8187 value such as {@code UTF-8''na%C3%AFve.txt} (RFC 7578 says not to send it, but some
     * clients do; without it the file would be mistaken for a text field).
     */
    private static String extendedValue(String v, boolean strict) {
        int q = v.indexOf("''");
        String encoded = q < 0 ? v : v.substring(q + 2);
        byte[] b = PercentCodec.decode(encoded).getBytes(StandardCharsets.ISO_8859_1);
        return UrlEncoded.utf8(b, 0, b.length, strict, "a multipart file name");
    }

    private static String text(String latin1, Charset charset, boolean strict, String what) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        return FormCharset.decode(b, 0, b.length, charset, strict, what);
    }
}
