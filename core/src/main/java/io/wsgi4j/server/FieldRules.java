// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

/**
 * What the request parser accepts inside fields: token characters (RFC 9110 section 5.6.2), Host
 * values, Content-Length values and Transfer-Encoding lists. Each check throws the
 * {@link HttpException} the client gets.
 */
final class FieldRules {
    static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] HOST_CHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        System.arraycopy(TCHAR, 0, HOST_CHAR, 0, 256);
        for (char c : "!$&'()*+,;=:[]".toCharArray()) {
            HOST_CHAR[c] = true;
        }
        HOST_CHAR['^'] = HOST_CHAR['`'] = HOST_CHAR['|'] = HOST_CHAR['#'] = false;
    }

    private FieldRules() {}

    /** The value of Content-Length: digits, or a list of identical values; else 400. */
    static long contentLength(String v) throws HttpException {
        int n = v.length();
        if (n > 0 && n <= 18) { // the usual case: one plain number
            long value = 0;
            int i = 0;
            while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                value = value * 10 + (v.charAt(i++) - '0');
            }
            if (i == n) {
                return value;
            }
        }
        long first = -1;
        int from = 0;
        // a list of identical values ("5, 5") is what a proxy makes of repeated headers; RFC 9110 8.6 allows it
        while (true) {
            int comma = v.indexOf(',', from);
            String part = (comma < 0 ? v.substring(from) : v.substring(from, comma)).trim();
            if (part.isEmpty() || part.length() > 18 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new HttpException(400, "malformed Content-Length \"" + v + "\"");
            }
            long value = Long.parseLong(part);
            if (first >= 0 && value != first) {
                throw new HttpException(400, "Content-Length values disagree: \"" + v + "\"");
            }
            first = value;
            if (comma < 0) {
                return first;
            }
            from = comma + 1;
        }
    }
    /**
     * Whether an Expect value asks for 100-continue. Expect is a list (RFC 9110 section 10.1.1), so
     * empty elements are ignored (section 5.6.1.2) and 100-continue may come more than once, as when a
     * proxy joins two Expect lines; any other expectation is refused with 417.
     */
    static boolean expectsContinue(String v) throws HttpException {
        if (v.equalsIgnoreCase("100-continue")) {
            return true; // the usual case
        }
        boolean found = false;
        for (String element : v.split(",", -1)) {
            String e = element.trim();
            if (e.equalsIgnoreCase("100-continue")) {
                found = true;
            } else if (!e.isEmpty()) {
                throw new HttpException(417, "unsupported expectation \"" + v + "\"");
            }
        }
        return found;
    }

    /** Accepts a Transfer-Encoding list that ends in chunked: other codings 501, malformed 400. */
    static void transferCoding(String te) throws HttpException {
        String[] codings = te.split(",", -1);
        for (int i = 0; i < codings.length; i++) {
            String c = codings[i].trim();
            int semi = c.indexOf(';');
            String name = (semi < 0 ? c : c.substring(0, semi)).trim();
            boolean last = i == codings.length - 1;
            if (name.equalsIgnoreCase("chunked")) {
                if (!last || semi >= 0) {
                    throw new HttpException(400, "chunked must be the last transfer coding, once, without parameters");
                }
            } else if (name.isEmpty() || !name.chars().allMatch(ch -> ch < 256 && TCHAR[ch])) {
                throw new HttpException(400, "malformed Transfer-Encoding \"" + te + "\"");
            } else if (last) {
                throw new HttpException(400, "Transfer-Encoding must end with chunked, got \"" + te + "\"");
            } else {
                throw new HttpException(501, "transfer coding \"" + name + "\" is not supported (only chunked)");
            }
        }
    }
    /**
     * Accepts a host of reg-name, IPv4 or IP-literal characters with an optional port, as a Host
     * header or the authority of an absolute-form target carries it; else 400 naming {@code where}.
     */
    static void checkHost(String host, String where) throws HttpException {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c > 255 || !HOST_CHAR[c]) {
                throw new HttpException(400, "invalid character in " + where + " \"" + host + "\"");
            }
        }
        checkPort(host, where);
    }

    /**
     * The port after the host (RFC 9110 section 7.2: {@code uri-host [":" port]}, port digits only)
     * becomes SERVER_PORT, which R2.10 keeps to 0..65535; a colon is only allowed inside an IP literal
     * or before the port. Else 400: RFC 9112 section 3.2 requires it for an invalid Host.
     */
    private static void checkPort(String host, String where) throws HttpException {
        int close = host.lastIndexOf(']');
        int colon = host.indexOf(':', close + 1);
        if (host.startsWith("[") ? close < 0 || (close + 1 < host.length() && colon != close + 1)
                : close >= 0 || host.indexOf('[') >= 0) {
            throw new HttpException(400, "malformed IP literal in " + where + " \"" + host + "\" (expected"
                    + " [address] or [address]:port)");
        }
        if (colon < 0) {
            return;
        }
        if (colon == 0) {
            throw new HttpException(400, "no host before the port in " + where + " \"" + host + "\"");
        }
        int port = 0;
        for (int i = colon + 1; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9' || port > 65535) {
                throw new HttpException(400, "invalid port in " + where + " \"" + host + "\" (expected host or"
                        + " host:port with a port from 0 to 65535)");
            }
            port = port * 10 + (c - '0');
        }
        if (port > 65535) {
            throw new HttpException(400, "invalid port in " + where + " \"" + host + "\" (expected host or"
                    + " host:port with a port from 0 to 65535)");
        }
    }
}
