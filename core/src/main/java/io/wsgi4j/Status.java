// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.Objects;

/**
 * An HTTP response status: a three-digit code and a reason phrase, printed as {@code "200 OK"}.
 *
 * <pre>{@code
 * Status.of(404)              // 404 Not Found
 * Status.parse("200 OK")      // the shared constant for 200 OK
 * Status.of(299).withReason("Custom")
 * }</pre>
 *
 * <p>Accepted: codes 100 to 599; a reason of Latin-1 characters without control characters other
 * than horizontal tab (it may be empty). Instances are immutable; the common statuses are shared
 * constants, so parsing {@code "200 OK"} allocates nothing.
 *
 * @since 0.1
 */
public final class Status {
    private static final Status[] STANDARD = new Status[600];

    static {
        String[] table = {
            "100 Continue", "101 Switching Protocols", "200 OK", "201 Created", "202 Accepted",
            "203 Non-Authoritative Information", "204 No Content", "205 Reset Content", "206 Partial Content",
            "207 Multi-Status", "300 Multiple Choices", "301 Moved Permanently", "302 Found", "303 See Other",
            "304 Not Modified", "307 Temporary Redirect", "308 Permanent Redirect", "400 Bad Request",
            "401 Unauthorized", "402 Payment Required", "403 Forbidden", "404 Not Found",
            "405 Method Not Allowed", "406 Not Acceptable", "407 Proxy Authentication Required",
            "408 Request Timeout", "409 Conflict", "410 Gone", "411 Length Required", "412 Precondition Failed",
            "413 Content Too Large", "414 URI Too Long", "415 Unsupported Media Type", "416 Range Not Satisfiable",
            "417 Expectation Failed", "421 Misdirected Request", "422 Unprocessable Content", "425 Too Early",
            "426 Upgrade Required", "428 Precondition Required", "429 Too Many Requests",
            "431 Request Header Fields Too Large", "451 Unavailable For Legal Reasons",
            "500 Internal Server Error", "501 Not Implemented", "502 Bad Gateway", "503 Service Unavailable",
            "504 Gateway Timeout", "505 HTTP Version Not Supported",
        };
        for (String line : table) {
            int code = Integer.parseInt(line.substring(0, 3));
            STANDARD[code] = new Status(code, line.substring(4), line);
        }
    }

    /** 200 OK. @since 0.1 */
    public static final Status OK = STANDARD[200];
    /** 404 Not Found. @since 0.1 */
    public static final Status NOT_FOUND = STANDARD[404];
    /** 500 Internal Server Error. @since 0.1 */
    public static final Status INTERNAL_SERVER_ERROR = STANDARD[500];

    private final int code;
    private final String reason;
    private final String text;

    private Status(int code, String reason, String text) {
        this.code = code;
        this.reason = reason;
        this.text = text;
    }

    /**
     * The status for {@code code} with its standard reason phrase (RFC 9110 section 15), or
     * {@code "Unknown"} for a code without one.
     *
     * @throws IllegalArgumentException if {@code code} is outside 100..599
     * @since 0.1
     */
    public static Status of(int code) {
        checkCode(code);
        Status s = STANDARD[code];
        return s != null ? s : new Status(code, "Unknown", code + " Unknown");
    }

    /**
     * The status for {@code code} with {@code reason}.
     *
     * @throws IllegalArgumentException if the code is outside 100..599 or the reason holds a control
     *     character or a character above U+00FF
     * @since 0.1
     */
    public static Status of(int code, String reason) {
        checkCode(code);
        checkReason(reason, reason);
        Status s = STANDARD[code];
        if (s != null && s.reason.equals(reason)) {
            return s;
        }
        return new Status(code, reason, code + " " + reason);
    }

    /**
     * Parses {@code "NNN Reason"}: three digits, one space, then the reason (possibly empty).
     *
     * @throws IllegalArgumentException naming the rejected text if it is not of that form
     * @since 0.1
     */
    public static Status parse(String status) {
        Objects.requireNonNull(status, "status");
        if (status.length() < 4 || status.charAt(3) != ' '
                || !isDigit(status.charAt(0)) || !isDigit(status.charAt(1)) || !isDigit(status.charAt(2))) {
            throw new IllegalArgumentException("status must be \"NNN Reason\" (three digits, a space, a reason),"
                    + " got " + Headers.quote(status));
        }
        int code = (status.charAt(0) - '0') * 100 + (status.charAt(1) - '0') * 10 + (status.charAt(2) - '0');
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status code must be 100..599, got " + Headers.quote(status));
        }
        Status s = STANDARD[code];
        if (s != null && s.text.equals(status)) {
            return s;
        }
        String reason = status.substring(4);
        checkReason(reason, status);
        return new Status(code, reason, status);
    }

    /** A copy with another reason phrase. @since 0.1 */
    public Status withReason(String newReason) {
        return of(code, newReason);
    }

    /** The three-digit code. @since 0.1 */
    public int code() {
        return code;
    }

    /** The reason phrase, possibly empty. @since 0.1 */
    public String reason() {
        return reason;
    }

    /** True for 1xx, 204 and 304: responses that never carry a body (RFC 9110 section 6.4.1). @since 0.1 */
    public boolean forbidsBody() {
        return code < 200 || code == 204 || code == 304;
    }

    /** {@code "NNN Reason"}. @since 0.1 */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Status other && other.code == code && other.reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return code * 31 + reason.hashCode();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static void checkCode(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status code must be 100..599, got " + code);
        }
    }

    private static void checkReason(String reason, String whole) {
        Objects.requireNonNull(reason, "reason");
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("status reason must be Latin-1 text without control characters,"
                        + " got " + Headers.quote(whole));
            }
        }
    }
}
