// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks that bytes a server wrote are a sequence of well-formed HTTP/1.1 responses: status line,
 * valid header fields, a body framed by Content-Length or chunked (or by the close), nothing after a
 * response that said {@code Connection: close}. A response cut short is allowed only when the
 * connection was aborted.
 */
final class ResponseChecker {
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 [1-5][0-9]{2} [\\x20-\\x7e]*");
    private static final Pattern FIELD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+: [\\x20-\\x7e\\x80-\\xff\\t]*");

    private final byte[] b;
    private int pos;
    final List<Integer> statuses = new ArrayList<>();

    private ResponseChecker(byte[] b) {
        this.b = b;
    }

    /** @return the statuses in order; throws AssertionError naming the first defect */
    static List<Integer> check(byte[] bytes, boolean aborted) {
        ResponseChecker c = new ResponseChecker(bytes);
        try {
            c.all();
        } catch (Truncated t) {
            if (!aborted) {
                throw new AssertionError("response cut short without an abort at byte " + c.pos + ":\n" + c.text());
            }
        }
        return c.statuses;
    }

    private void all() {
        while (pos < b.length) {
            String status = line();
            if (!STATUS.matcher(status).matches()) {
                throw new AssertionError("bad status line \"" + status + "\" in:\n" + text());
            }
            int code = Integer.parseInt(status.substring(9, 12));
            statuses.add(code);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            boolean head = false;
            for (String f = line(); !f.isEmpty(); f = line()) {
                if (!FIELD.matcher(f).matches()) {
                    throw new AssertionError("bad header field \"" + f + "\" in:\n" + text());
                }
                String name = f.substring(0, f.indexOf(':')).toLowerCase(Locale.ROOT);
                String value = f.substring(f.indexOf(':') + 2);
                switch (name) {
                    case "content-length" -> {
                        if (length >= 0) {
                            throw new AssertionError("two Content-Length fields in:\n" + text());
                        }
                        length = Long.parseLong(value);
                    }
                    case "transfer-encoding" -> chunked = value.equals("chunked");
                    case "connection" -> close = value.equals("close");
                    case "x-method" -> head = value.equals("HEAD");
                    default -> { }
                }
            }
            if (length >= 0 && chunked) {
                throw new AssertionError("both Content-Length and chunked in:\n" + text());
            }
            if (code < 200) {
                continue;
            }
            if (head || code == 204 || code == 304) {
                length = 0;
                chunked = false;
            }
            if (chunked) {
                chunks();
            } else if (length >= 0) {
                skip(length);
            } else if (close) {
                pos = b.length;
            } else {
                throw new AssertionError("response without framing in:\n" + text());
            }
            if (close && pos < b.length) {
                throw new AssertionError("bytes after a Connection: close response in:\n" + text());
            }
        }
    }

    private void chunks() {
        while (true) {
            long size = Long.parseLong(line(), 16);
            if (size == 0) {
                if (!line().isEmpty()) {
                    throw new AssertionError("trailer after the last chunk in:\n" + text());
                }
                return;
            }
            skip(size);
            if (!line().isEmpty()) {
                throw new AssertionError("chunk not followed by CRLF in:\n" + text());
            }
        }
    }

    private void skip(long n) {
        if (pos + n > b.length) {
            pos = b.length;
            throw new Truncated();
        }
        pos += (int) n;
    }

    private String line() {
        for (int i = pos; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                String s = new String(b, pos, i - pos, StandardCharsets.ISO_8859_1);
                pos = i + 2;
                return s;
            }
        }
        pos = b.length;
        throw new Truncated();
    }

    private String text() {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
