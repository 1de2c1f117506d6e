// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Header;
import io.wsgi4j.Status;
import java.nio.charset.Charset;
import java.util.List;

/** How a response is shown in a failure message: the request line, status, headers and body start. */
final class ResponseText {
    /** How much of the body a failure message shows. */
    static final int BODY_CHARS = 1000;

    private ResponseText() {
    }

    static String describe(String requestLine, Status status, List<Header> headers, byte[] body) {
        StringBuilder b = new StringBuilder();
        b.append("  request:  ").append(requestLine == null ? "(unknown)" : requestLine).append('\n');
        b.append("  response: ").append(status).append('\n');
        for (Header h : headers) {
            b.append("    ").append(h.name()).append(": ").append(h.value()).append('\n');
        }
        b.append("  body (").append(body.length).append(" bytes)");
        if (body.length > 0) {
            b.append(":\n    ").append(bodyStart(body, BODY_CHARS, BodyCharset.of(headers)).replace("\n", "\n    "));
        }
        return b.toString();
    }

    /**
     * The body as text in {@code charset} (the one {@link TestResponse#text()} reads it in, so a failed
     * {@code assertContains} shows the text it searched), cut at {@code max} characters with a note of
     * what was left out.
     */
    static String bodyStart(byte[] body, int max, Charset charset) {
        String text = new String(body, charset);
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 32);
        int n = Math.min(text.length(), max);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t') {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (text.length() > max) {
            b.append("... (").append(text.length() - max).append(" more characters)");
        }
        return b.toString();
    }
}
