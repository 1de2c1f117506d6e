// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.Environ;

/**
 * What the client asked for in its Connection header (RFC 9112 section 9.3): HTTP/1.1 connections
 * persist unless the client sends the {@code close} token; HTTP/1.0 ones only when it sends
 * {@code keep-alive}; {@code close} wins over {@code keep-alive} on both.
 */
final class KeepAlive {
    private KeepAlive() {}

    /** Whether the request's protocol and Connection header let the connection carry another request. */
    static boolean requested(Environ environ, boolean http11) {
        Object connection = environ.get("HTTP_CONNECTION");
        if (connection instanceof String c && hasToken(c, "close")) {
            return false; // close wins on every version, even beside keep-alive (RFC 9112 section 9.3)
        }
        return http11 || connection instanceof String c && hasToken(c, "keep-alive");
    }

    /** Whether the comma-separated {@code list} holds {@code token}, ignoring case and spaces. */
    static boolean hasToken(String list, String token) {
        int from = 0;
        while (from <= list.length()) {
            int comma = list.indexOf(',', from);
            int end = comma < 0 ? list.length() : comma;
            if (list.substring(from, end).trim().equalsIgnoreCase(token)) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            from = comma + 1;
        }
        return false;
    }
}
