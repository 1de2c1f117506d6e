// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;


/**
 * How an {@link AccessRecord} becomes one log line (without the line break).
 *
 * <pre>{@code
 * COMMON    127.0.0.1 - ann [21/Nov/2026:00:58:24 +0000] "GET /x HTTP/1.1" 200 12
 * COMBINED  ... 200 12 "https://ref.example/" "curl/8.5"
 * EXTENDED  ... "curl/8.5" 1532 "req-42"        (duration in microseconds, request id)
 * JSON      {"time":"2026-11-21T00:58:24Z","remoteAddr":"127.0.0.1",...,"complete":true}
 * }</pre>
 *
 * <p>COMMON and COMBINED are exactly Apache's formats, so log tools read them; EXTENDED appends the
 * time taken and the request id. In the text formats, quotes, backslashes and control characters in
 * request data are escaped as {@code \"}, {@code \\} and {@code \xHH}, so a client cannot forge a line;
 * a size of 0 prints as {@code -}.
 *
 * @since 0.1
 */
public enum LogFormat {
    /** The Common Log Format. @since 0.1 */
    COMMON,
    /** The Combined Log Format: Common plus Referer and User-Agent. @since 0.1 */
    COMBINED,
    /** Combined plus the time taken in microseconds and the request id. @since 0.1 */
    EXTENDED,
    /** One JSON object per line, with every field of the record. @since 0.1 */
    JSON;

    /**
     * Formats {@code r} as one line without a line break.
     *
     * @since 0.1
     */
    public String format(AccessRecord r) {
        LogLine line = new LogLine(256);
        appendTo(line, LogFields.of(r));
        return line.toString();
    }

    // The constant parts of the lines, as bytes: a LogLine copies them without looking at characters.
    private static final AsciiText DASH_USER = ascii(" - ");
    private static final AsciiText OPEN_TIME = ascii(" [");
    private static final AsciiText CLOSE_TIME = ascii("] \"");
    private static final AsciiText CLOSE_REQUEST = ascii("\" ");
    private static final AsciiText BETWEEN_QUOTED = ascii("\" \"");
    private static final AsciiText OPEN_QUOTED = ascii(" \"");
    // The request line's usual words: the reference server's parser hands over these literals (interned, so the
    // same instances), and a word known by identity is copied as a constant, without the scan for escapes.
    private static final AsciiText GET = ascii("GET");
    private static final AsciiText POST = ascii("POST");
    private static final AsciiText HEAD = ascii("HEAD");
    private static final AsciiText HTTP_1_1 = ascii("HTTP/1.1");
    private static final AsciiText HTTP_1_0 = ascii("HTTP/1.0");
    private static final AsciiText JSON_TIME = ascii("{\"time\":\"");
    private static final JsonKey JSON_REMOTE_ADDR = JsonKey.string("remoteAddr");
    private static final JsonKey JSON_REMOTE_USER = JsonKey.string("remoteUser");
    private static final JsonKey JSON_METHOD = JsonKey.string("method");
    private static final JsonKey JSON_TARGET = JsonKey.string("target");
    private static final JsonKey JSON_PROTOCOL = JsonKey.string("protocol");
    private static final JsonKey JSON_STATUS = JsonKey.value("status");
    private static final AsciiText JSON_BYTES = JsonKey.value("bytes").afterValue;
    private static final AsciiText JSON_DURATION = JsonKey.value("durationMicros").afterValue;
    private static final JsonKey JSON_REFERER = JsonKey.string("referer");
    private static final JsonKey JSON_USER_AGENT = JsonKey.string("userAgent");
    private static final JsonKey JSON_REQUEST_ID = JsonKey.string("requestId");
    private static final JsonKey JSON_ROUTE = JsonKey.string("route");
    private static final JsonKey JSON_COMPLETE_TRUE = JsonKey.literal(",\"complete\":true");
    private static final JsonKey JSON_COMPLETE_FALSE = JsonKey.literal(",\"complete\":false");
    private static final JsonKey JSON_TRACE_ID = JsonKey.string("traceId");
    private static final JsonKey JSON_END = JsonKey.literal("}");

    /**
     * A constant that follows a JSON value, in two versions: after a string value it starts with that
     * string's closing quote, so the quote costs no append of its own (a line has up to nine).
     */
    private static final class JsonKey {
        final AsciiText afterString;
        final AsciiText afterValue;

        private JsonKey(String text) {
            afterString = ascii("\"" + text);
            afterValue = ascii(text);
        }

        /** {@code ,"name":"}: the key of a string value and the value's opening quote. */
        static JsonKey string(String name) {
            return new JsonKey(",\"" + name + "\":\"");
        }

        /** {@code ,"name":}: the key of a number. */
        static JsonKey value(String name) {
            return new JsonKey(",\"" + name + "\":");
        }

        static JsonKey literal(String text) {
            return new JsonKey(text);
        }

        /** This constant, closing the string value before it when {@code stringOpen}. */
        AsciiText after(boolean stringOpen) {
            return stringOpen ? afterString : afterValue;
        }
    }

    /** Appends the line for {@code f} to {@code b}: the access log's path, with no String per line. */
    void appendTo(LogLine b, LogFields f) {
        Stamp stamp = Stamp.of(f.epochSecond(), f.zone());
        if (this == JSON) {
            json(b, f, stamp);
            return;
        }
        b.append(dash(f.remoteAddr())).append(DASH_USER);
        b.appendEscaped(dash(f.remoteUser()), false);
        b.append(OPEN_TIME).append(stamp.clf).append(CLOSE_TIME);
        appendWord(b, f.method(), knownMethod(f.method()));
        b.append(' ');
        b.appendEscaped(f.target(), false);
        b.append(' ');
        appendWord(b, f.protocol(), knownProtocol(f.protocol()));
        b.append(CLOSE_REQUEST).appendDecimal(f.status()).append(' ');
        if (f.bytes() == 0) {
            b.append('-');
        } else {
            b.appendDecimal(f.bytes());
        }
        if (this != COMMON) {
            b.append(OPEN_QUOTED);
            b.appendEscaped(dash(f.referer()), false);
            b.append(BETWEEN_QUOTED);
            b.appendEscaped(dash(f.userAgent()), false);
            b.append('"');
            if (this == EXTENDED) {
                b.append(' ').appendDecimal(f.durationNanos() / 1000).append(OPEN_QUOTED);
                b.appendEscaped(dash(f.requestId()), false);
                b.append('"');
            }
        }
    }

    /**
     * Every field in a fixed order, absent ones left out, strings escaped as Jackson escapes them. A string
     * value's closing quote is written by the constant after it ({@link JsonKey}).
     */
    private static void json(LogLine b, LogFields f, Stamp stamp) {
        b.append(JSON_TIME);
        stamp.appendIso(b, f.nano());
        boolean open = true; // the time's string is open
        open = jsonField(b, JSON_REMOTE_ADDR, open, f.remoteAddr());
        open = jsonField(b, JSON_REMOTE_USER, open, f.remoteUser());
        open = jsonWord(b, JSON_METHOD, open, f.method(), knownMethod(f.method()));
        open = jsonField(b, JSON_TARGET, open, f.target());
        open = jsonWord(b, JSON_PROTOCOL, open, f.protocol(), knownProtocol(f.protocol()));
        b.append(JSON_STATUS.after(open)).appendDecimal(f.status());
        b.append(JSON_BYTES).appendDecimal(f.bytes());
        b.append(JSON_DURATION).appendDecimal(f.durationNanos() / 1000);
        open = jsonField(b, JSON_REFERER, false, f.referer());
        open = jsonField(b, JSON_USER_AGENT, open, f.userAgent());
        open = jsonField(b, JSON_REQUEST_ID, open, f.requestId());
        open = jsonField(b, JSON_ROUTE, open, f.route());
        b.append((f.complete() ? JSON_COMPLETE_TRUE : JSON_COMPLETE_FALSE).after(open));
        open = jsonField(b, JSON_TRACE_ID, false, f.traceId());
        b.append(JSON_END.after(open));
    }

    /**
     * Appends {@code ,"name":"value} (after the closing quote of an open string) unless {@code value} is
     * null; returns whether a string is open now.
     */
    private static boolean jsonField(LogLine b, JsonKey key, boolean stringOpen, String value) {
        if (value == null) {
            return stringOpen;
        }
        b.append(key.after(stringOpen)).appendEscaped(value, true);
        return true;
    }

    /** {@link #jsonField} for a word that may be known ({@code known} non-null: its text, nothing to escape). */
    private static boolean jsonWord(LogLine b, JsonKey key, boolean stringOpen, String value, AsciiText known) {
        if (known == null) {
            return jsonField(b, key, stringOpen, value);
        }
        b.append(key.after(stringOpen)).append(known);
        return true;
    }

    /** Appends {@code known} if non-null (then it is {@code value}'s text), else {@code value} escaped for a text line. */
    private static void appendWord(LogLine b, String value, AsciiText known) {
        if (known != null) {
            b.append(known);
        } else {
            b.appendEscaped(value, false);
        }
    }

    /** The constant for a method given as one of the literals, by identity (an equal string built elsewhere is just escaped). */
    @SuppressWarnings("StringEquality")
    private static AsciiText knownMethod(String method) {
        return method == "GET" ? GET : method == "POST" ? POST : method == "HEAD" ? HEAD : null;
    }

    /** The constant for a protocol given as one of the literals, by identity. */
    @SuppressWarnings("StringEquality")
    private static AsciiText knownProtocol(String protocol) {
        return protocol == "HTTP/1.1" ? HTTP_1_1 : protocol == "HTTP/1.0" ? HTTP_1_0 : null;
    }

    private static AsciiText ascii(String s) {
        return AsciiText.of(s);
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
