// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.nio.charset.StandardCharsets;

/**
 * Parses a request head (RFC 9112 sections 2-6) straight from the connection's byte buffer, in two
 * steps: {@link #findEnd} scans the bytes as they arrive for the empty line that ends the head and
 * enforces the size limits on the way; {@link #parse} then validates and splits the complete head.
 * Strings are made only for what the environ needs, and a value identical to the one in the same
 * slot of the previous request on the connection is reused rather than copied again.
 *
 * <p>Strict by design, because every leniency is a smuggling risk when a proxy reads the same bytes
 * differently: lines end with CRLF (a bare CR or LF is an error), no whitespace before a colon, no
 * obs-fold, no control characters, one Host on HTTP/1.1, one Content-Length value, and
 * Transfer-Encoding only as a final {@code chunked} without Content-Length.
 */
final class RequestParser {
    private static final String[] KNOWN = {
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Connection", "Cookie",
        "Content-Type", "Content-Length", "Transfer-Encoding", "Expect", "Referer", "Origin", "Authorization",
        "Cache-Control", "Pragma", "If-None-Match", "If-Modified-Since", "Upgrade-Insecure-Requests",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Request-Id", "Range", "TE", "Upgrade",
    };

    private final int maxRequestLine;
    private final int maxHeaderBytes;
    private final int maxHeaderCount;
    private final long maxBody;

    private String checkedHost;

    // findEnd() state, relative to the head's first byte
    private int scanned;
    private int lineStart;
    private int requestLineEnd;
    private int fields;
    /** Whether a field line of the head scanned so far starts with the name Content-Length ({@link #namesLength}). */
    private boolean namesLength;

    RequestParser(ServerConfig config) {
        this.maxRequestLine = config.maxRequestLineBytes();
        this.maxHeaderBytes = config.maxHeaderBytes();
        this.maxHeaderCount = config.maxHeaderCount();
        this.maxBody = config.maxBodyBytes();
        reset();
    }

    /** The most bytes a head can occupy before a limit rejects it. */
    int maxHeadBytes() {
        return maxRequestLine + maxHeaderBytes + 4;
    }

    /** Forgets the scan state; call before looking for the next head. */
    void reset() {
        scanned = 0;
        lineStart = 0;
        requestLineEnd = -1;
        fields = 0;
        namesLength = false;
    }

    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Whether the head {@link #findEnd} found has a field line starting with the name Content-Length in
     * any case: a look the scan makes at each field line's first byte, so that a head without one is not
     * parsed before it is served ({@code Connection#awaitsBody}). No false negatives; a false positive
     * costs only a parse that finds no such field.
     */
    boolean namesLength() {
        return namesLength;
    }

    /** Whether {@code buf[at, at + n)} is the start of "content-length" in any case (a CR matches its '-' too). */
    private static boolean isLengthName(byte[] buf, int at) {
        for (int k = 0; k < CONTENT_LENGTH.length; k++) {
            if ((buf[at + k] | 0x20) != CONTENT_LENGTH[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Scans {@code buf[start, end)} for the end of the head, continuing where the previous call with
     * the same {@code start} stopped.
     *
     * @return the head's length including its final CRLF, or -1 if more bytes are needed
     * @throws HttpException 400 for a bare LF, 414 or 431 when a limit is passed
     */
    int findEnd(byte[] buf, int start, int end) throws HttpException {
        for (int i = start + scanned; i < end; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            int at = i - start;
            if (at == lineStart || buf[i - 1] != '\r') {
                throw new HttpException(400, "line ends with a bare LF instead of CRLF");
            }
            int lineLength = at - 1 - lineStart;
            if (requestLineEnd < 0) {
                if (lineLength > maxRequestLine) {
                    throw tooLongLine(buf, start + lineStart, i - 1);
                }
                if (!hasTwoSpaces(buf, start + lineStart, i - 1)) {
                    // no header section will follow an HTTP/0.9 line: answer now, not at the head timeout
                    throw new HttpException(400, "malformed request line: no HTTP version (expected METHOD SP"
                            + " target SP HTTP/1.1; HTTP/0.9 is not supported)");
                }
                requestLineEnd = at + 1;
            } else if (lineLength == 0) {
                if (lineStart - requestLineEnd > maxHeaderBytes) {
                    throw headerTooLarge();
                }
                scanned = at + 1;
                return at + 1;
            } else if (++fields > maxHeaderCount) {
                throw new HttpException(431, "more than " + maxHeaderCount + " header fields");
            } else if (lineLength > CONTENT_LENGTH.length && (buf[start + lineStart] | 0x20) == 'c'
                    && isLengthName(buf, start + lineStart)) {
                namesLength = true;
            }
            lineStart = at + 1;
        }
        scanned = end - start;
        if (requestLineEnd < 0 ? scanned - lineStart > maxRequestLine + 1 : scanned - requestLineEnd > maxHeaderBytes + 1) {
            throw requestLineEnd < 0 ? tooLongLine(buf, start + lineStart, end) : headerTooLarge();
        }
        return -1;
    }

    private static boolean hasTwoSpaces(byte[] b, int from, int to) {
        int spaces = 0;
        for (int i = from; i < to && spaces < 2; i++) {
            if (b[i] == ' ') {
                spaces++;
            }
        }
        return spaces == 2;
    }

    /**
     * 414 for a request line over the limit, or 501 when its method alone is (a token with no space within
     * the limit of {@code buf[from, to)}): no method the server implements is that long (RFC 9112 section 3),
     * and it is not the target that is too long. A method ended by anything but a space is a malformed line
     * (400), however long the rest: "GET/..." is not a long method.
     */
    private HttpException tooLongLine(byte[] buf, int from, int to) {
        int last = Math.min(to, from + maxRequestLine + 1);
        int i = from;
        while (i < last && FieldRules.TCHAR[buf[i] & 0xff]) {
            i++;
        }
        if (i == last) {
            return new HttpException(501, "request method longer than " + maxRequestLine
                    + " bytes: no method this server implements is that long");
        }
        if (i > from && buf[i] == ' ') {
            return new HttpException(414, "request line longer than " + maxRequestLine + " bytes");
        }
        return malformedMethod(buf, from, i);
    }

    private HttpException headerTooLarge() {
        return new HttpException(431, "header section larger than " + maxHeaderBytes + " bytes");
    }

    /**
     * Parses the complete head {@code buf[start, start + length)} found by {@link #findEnd} into
     * {@code out} (which keeps the previous request's strings for reuse).
     *
     * @throws HttpException 400 malformed, 413 declared body too large, 417 unknown expectation, 501
     *     unsupported method or transfer coding, 505 unsupported version
     */
    void parse(byte[] buf, int start, int length, RequestHead out) throws HttpException {
        int end = start + length;
        int lineEnd = start + requestLineEnd - 2;
        out.reset();
        requestLine(buf, start, lineEnd, out);
        int hosts = 0;
        String host = null;
        String transferEncoding = null;
        int i = lineEnd + 2;
        while (i < end - 2) {
            int eol = i;
            while (buf[eol] != '\r' || buf[eol + 1] != '\n') {
                eol++;
            }
            String name = headerName(buf, i, eol);
            int v = i + name.length() + 1;
            String value = headerValue(buf, v, eol, out.previousValue(out.count));
            out.add(name, value);
            i = eol + 2;
            if (name == "Host" || name.equalsIgnoreCase("Host")) { // identity first: KNOWN names are constants
                hosts++;
                host = value;
            } else if (name == "Content-Length" || name.equalsIgnoreCase("Content-Length")) {
                long n = FieldRules.contentLength(value);
                if (out.contentLength >= 0 && out.contentLength != n) {
                    throw new HttpException(400, "Content-Length headers disagree (" + out.contentLength
                            + " and " + n + ")");
                }
                out.contentLength = n;
            } else if (name == "Transfer-Encoding" || name.equalsIgnoreCase("Transfer-Encoding")) {
                transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
            } else if (name == "Expect" || name.equalsIgnoreCase("Expect")) {
                if (FieldRules.expectsContinue(value)) {
                    out.expectContinue = out.http11();
                }
            }
        }
        boolean http11 = out.http11();
        if (http11 && hosts == 0) {
            throw new HttpException(400, "HTTP/1.1 request without a Host header");
        }
        if (hosts > 1) {
            throw new HttpException(400, "more than one Host header");
        }
        if (host != null && host != checkedHost) { // the same String again means the same, checked, bytes
            FieldRules.checkHost(host, "Host header");
            checkedHost = host;
        }
        if (transferEncoding != null) {
            if (!http11) {
                throw new HttpException(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (out.contentLength >= 0) {
                throw new HttpException(400, "both Content-Length and Transfer-Encoding (ambiguous framing)");
            }
            FieldRules.transferCoding(transferEncoding);
            out.chunked = true;
        }
        if (out.contentLength > maxBody) {
            throw new HttpException(413, "request body of " + out.contentLength + " bytes is over the limit of "
                    + maxBody);
        }
    }

    private void requestLine(byte[] buf, int start, int end, RequestHead out) throws HttpException {
        int sp1 = start;
        while (sp1 < end && FieldRules.TCHAR[buf[sp1] & 0xff]) {
            sp1++;
        }
        if (sp1 == start || sp1 == end || buf[sp1] != ' ') {
            throw malformedMethod(buf, start, sp1);
        }
        int sp2 = sp1 + 1;
        while (sp2 < end && buf[sp2] > 0x20 && buf[sp2] < 0x7f) {
            sp2++;
        }
        if (sp2 > sp1 + 1 && sp2 < end && buf[sp2] != ' ') {
            // RFC 9112 section 3.2: the target is visible ASCII; anything else must arrive percent-encoded
            String hex = String.format("%02X", buf[sp2] & 0xff);
            throw new HttpException(400, "malformed request line: byte 0x" + hex + " in the request target at offset "
                    + (sp2 - sp1 - 1) + " (only visible ASCII is allowed there; percent-encode it as %" + hex + ")");
        }
        if (sp2 == sp1 + 1 || sp2 == end || buf[sp2] != ' ' || end - sp2 - 1 != 8) {
            throw malformedLine();
        }
        out.protocol = version(buf, sp2 + 1);
        out.method = method(buf, start, sp1 - start, out.method);
        out.target = latin1(buf, sp1 + 1, sp2, out.target);
        checkTarget(out.method, out.target);
        out.lineRead = true;
    }

    /** 400 for a request line whose method, from {@code start}, ends at {@code at} with no space after it. */
    private static HttpException malformedMethod(byte[] buf, int start, int at) {
        int c = buf[at] & 0xff;
        if (at > start && c > 0x20 && c < 0x7f) { // a visible character that no token holds
            return new HttpException(400, "malformed request line: character \"" + (char) c + "\" in the method"
                    + " (a method is a token, such as GET)");
        }
        return malformedLine();
    }

    private static HttpException malformedLine() {
        return new HttpException(400, "malformed request line (expected METHOD SP target SP HTTP/1.1)");
    }

    private static String version(byte[] b, int at) throws HttpException {
        if (b[at] != 'H' || b[at + 1] != 'T' || b[at + 2] != 'T' || b[at + 3] != 'P' || b[at + 4] != '/'
                || !digit(b[at + 5]) || b[at + 6] != '.' || !digit(b[at + 7])) {
            throw new HttpException(400, "malformed HTTP version in request line");
        }
        if (b[at + 5] == '1' && b[at + 7] == '1') {
            return "HTTP/1.1";
        }
        if (b[at + 5] == '1' && b[at + 7] == '0') {
            return "HTTP/1.0";
        }
        if (b[at + 5] == '1') {
            return "HTTP/1.1"; // a later 1.x is answered as the highest minor version we speak (RFC 9110 2.5)
        }
        throw new HttpException(505, "HTTP version " + (char) b[at + 5] + "." + (char) b[at + 7]
                + " is not supported (use HTTP/1.1)");
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String method(byte[] b, int at, int n, String previous) {
        if (n == 3 && b[at] == 'G' && b[at + 1] == 'E' && b[at + 2] == 'T') {
            return "GET";
        }
        if (n == 4 && b[at] == 'P' && b[at + 1] == 'O' && b[at + 2] == 'S' && b[at + 3] == 'T') {
            return "POST";
        }
        if (n == 4 && b[at] == 'H' && b[at + 1] == 'E' && b[at + 2] == 'A' && b[at + 3] == 'D') {
            return "HEAD";
        }
        return latin1(b, at, at + n, previous);
    }

    private static void checkTarget(String method, String target) throws HttpException {
        int hash = target.indexOf('#');
        if (hash >= 0) {
            // no request-target form admits "#" (RFC 9112 section 3.2): a fragment would otherwise
            // reach PATH_INFO or QUERY_STRING (R2.7)
            throw new HttpException(400, "request target holds a fragment \"" + target.substring(hash)
                    + "\"; clients never send the fragment (RFC 9112 section 3.2): remove it, or send \"#\" as"
                    + " %23");
        }
        if (method.equals("CONNECT")) {
            // whatever its target: a 2xx to CONNECT turns the connection into a tunnel for the client (RFC 9110
            // section 9.3.6), so an application's ordinary 200 would leave client and server out of step
            throw new HttpException(501, "CONNECT is not supported by this server");
        }
        char c = target.charAt(0);
        if (c == '/') {
            return;
        }
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw new HttpException(400, "the asterisk target \"*\" is only for OPTIONS");
            }
            return;
        }
        int colon = target.indexOf("://");
        if (colon > 0 && colon + 3 < target.length() && target.charAt(colon + 3) != '/') {
            String scheme = target.substring(0, colon);
            if (scheme.equalsIgnoreCase("http")) {
                checkAuthority(target, colon + 3);
                return;
            }
            if (scheme.equalsIgnoreCase("https")) {
                // RFC 9110 section 7.4: a request for an https resource must arrive over a connection secured
                // for its origin; this server speaks plain HTTP, so serving it would answer as that origin
                throw new HttpException(421, "the request target is an https URL, but this server speaks plain"
                        + " HTTP (RFC 9110 section 7.4): send it over TLS to the https origin, or send the path alone");
            }
        }
        throw new HttpException(400, "request target must be a path starting with \"/\" or an absolute http URL");
    }

    /**
     * The authority of an absolute-form target takes the place of Host (RFC 9112 section 3.2.2), so
     * it passes the same check as Host, and may carry no userinfo (RFC 9110 section 4.2.4).
     */
    private static void checkAuthority(String target, int from) throws HttpException {
        int end = from;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
            end++;
        }
        String authority = target.substring(from, end);
        if (authority.isEmpty()) {
            throw new HttpException(400, "empty authority in the request target \"" + target + "\" (an http URL"
                    + " needs a host)");
        }
        if (authority.indexOf('@') >= 0) {
            throw new HttpException(400, "userinfo (\"user@\") in the request target's authority \"" + authority
                    + "\" is not allowed; send the host alone");
        }
        FieldRules.checkHost(authority, "the request target's authority");
    }

    private String headerName(byte[] b, int at, int eol) throws HttpException {
        if (b[at] == ' ' || b[at] == '\t') {
            throw new HttpException(400, "obsolete line folding (header line starts with whitespace)");
        }
        int i = at;
        while (i < eol && FieldRules.TCHAR[b[i] & 0xff]) {
            i++;
        }
        if (i == eol || b[i] != ':') {
            if (i < eol && (b[i] == ' ' || b[i] == '\t')) {
                throw new HttpException(400, "whitespace between header name and colon");
            }
            if (i == eol) { // a name, then the line ends: no character is wrong, the colon is missing
                throw new HttpException(400, "header line without a colon (expected \"Name: value\")");
            }
            throw new HttpException(400, i == at ? "header line without a name" : "invalid character in header name");
        }
        if (i == at) {
            throw new HttpException(400, "header line without a name");
        }
        int n = i - at;
        for (String k : KNOWN) {
            if (k.length() == n && sameIgnoreCase(k, b, at)) {
                return k;
            }
        }
        return new String(b, at, n, StandardCharsets.ISO_8859_1);
    }

    private static boolean sameIgnoreCase(String k, byte[] b, int at) {
        for (int j = 0, n = k.length(); j < n; j++) {
            int c = b[at + j];
            int d = k.charAt(j);
            if (c != d && (c | 0x20) != (d | 0x20)) {
                return false;
            }
        }
        return true;
    }

    private static String headerValue(byte[] b, int from, int eol, String previous) throws HttpException {
        int s = from;
        while (s < eol && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        int e = eol;
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        for (int i = s; i < e; i++) {
            int c = b[i] & 0xff;
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new HttpException(400, c == 0 ? "NUL character in header value"
                        : c == '\r' ? "bare CR in header value" : "control character in header value");
            }
        }
        return latin1(b, s, e, previous);
    }

    /** A Latin-1 string of {@code b[from, to)}, or {@code previous} when it has exactly those characters. */
    private static String latin1(byte[] b, int from, int to, String previous) {
        int n = to - from;
        if (previous != null && previous.length() == n) {
            int i = 0;
            while (i < n && previous.charAt(i) == (b[from + i] & 0xff)) {
                i++;
            }
            if (i == n) {
                return previous;
            }
        }
        return new String(b, from, n, StandardCharsets.ISO_8859_1);
    }
}
