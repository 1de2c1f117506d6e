// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/form-data} body (RFC 7578) as a browser sends it: text fields first, in order, then
 * files, each part with its Content-Disposition and, for a file, its Content-Type.
 */
final class MultipartBody {
    /** One file field. */
    record FilePart(String field, String filename, byte[] bytes, String contentType) {}

    private MultipartBody() {
    }

    /** A boundary that cannot occur by chance in a test's data: 32 random hex digits behind a prefix. */
    static String newBoundary() {
        return "wsgi4j-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    static String contentType(String boundary) {
        return "multipart/form-data; boundary=" + boundary;
    }

    static byte[] encode(String boundary, List<String[]> fields, List<FilePart> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] f : fields) {
            head(out, boundary, "form-data; name=\"" + quoted(f[0]) + "\"", null);
            out.writeBytes(f[1].getBytes(StandardCharsets.UTF_8));
            out.writeBytes(crlf());
        }
        for (FilePart f : files) {
            head(out, boundary, "form-data; name=\"" + quoted(f.field()) + "\"; filename=\"" + quoted(f.filename())
                    + "\"", f.contentType());
            out.writeBytes(f.bytes());
            out.writeBytes(crlf());
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void head(ByteArrayOutputStream out, String boundary, String disposition, String type) {
        StringBuilder b = new StringBuilder("--").append(boundary).append("\r\nContent-Disposition: ")
                .append(disposition).append("\r\n");
        if (type != null) {
            b.append("Content-Type: ").append(type).append("\r\n");
        }
        b.append("\r\n");
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Browsers percent-encode quote, CR and LF in names (HTML's form-data encoding algorithm). */
    private static String quoted(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static byte[] crlf() {
        return new byte[] {'\r', '\n'};
    }
}
