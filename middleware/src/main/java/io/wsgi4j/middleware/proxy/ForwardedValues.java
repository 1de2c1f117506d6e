// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.proxy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parsing and validation for the proxy headers {@link ProxyFix} reads: picking the value a trusted
 * hop appended, the RFC 7239 {@code Forwarded} syntax, and checks that addresses, schemes, hosts and
 * prefixes look like what they claim to be. Everything returns null for malformed input.
 */
final class ForwardedValues {
    private ForwardedValues() {}

    /**
     * The value {@code hops} from the right of a comma-separated X-Forwarded-* list, or null when the
     * list has fewer entries or that one is empty. Read from the right, and only as far as that entry:
     * everything to its left is what the client sent, which may be as long or as broken as it likes
     * without moving the entries the trusted proxies appended.
     */
    static String fromRight(String list, int hops) {
        if (list == null) {
            return null;
        }
        int end = list.length();
        for (int n = 1; ; n++) {
            int comma = list.lastIndexOf(',', end - 1);
            if (n == hops) {
                String v = list.substring(comma + 1, end).strip();
                return v.isEmpty() ? null : v;
            }
            if (comma < 0) {
                return null; // fewer entries than trusted hops: the client wrote them all
            }
            end = comma;
        }
    }

    /**
     * The parameters (lower-case names, unquoted values) of the {@code Forwarded} element {@code hops}
     * from the right, or null when the header has fewer elements or that element is not RFC 7239 syntax.
     * Elements are found from the right, where the trusted proxies appended theirs (RFC 7239 section 4),
     * and only that element is parsed: the client's part on the left, however malformed (an open quote,
     * a parameter without a value), cannot run into the elements after it.
     */
    static Map<String, String> forwardedElement(String header, int hops) {
        if (header == null) {
            return null;
        }
        int end = header.length();
        boolean quoted = false;
        int n = 1;
        for (int i = end - 1; i >= 0; i--) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted; // trusted elements are well-formed, so their quotes pair up
            } else if (c == ',' && !quoted) {
                if (n == hops) {
                    return pairs(header.substring(i + 1, end));
                }
                n++;
                end = i;
            }
        }
        return n == hops ? pairs(header.substring(0, end)) : null;
    }

    /**
     * One element's {@code [ forwarded-pair ] *( ";" [ forwarded-pair ] )}: token names, token or
     * quoted-string values, optional whitespace around them; null when it is anything else, holds no
     * pair, or names a parameter twice (RFC 7239 section 4).
     */
    private static Map<String, String> pairs(String element) {
        Map<String, String> out = new HashMap<>(4);
        int i = 0;
        int n = element.length();
        while (true) {
            i = skipSpace(element, i);
            if (i == n || element.charAt(i) == ';') { // an empty pair, which the grammar allows
                if (i == n) {
                    return out.isEmpty() ? null : out; // an element with nothing in it: none
                }
                i++;
                continue;
            }
            int eq = element.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String name = element.substring(i, eq);
            if (!io.wsgi4j.Header.isToken(name)) {
                return null;
            }
            StringBuilder value = new StringBuilder();
            i = eq + 1;
            if (i < n && element.charAt(i) == '"') {
                for (i++; i < n && element.charAt(i) != '"'; i++) {
                    if (element.charAt(i) == '\\' && i + 1 < n) {
                        i++; // a quoted-pair stands for the character after the backslash
                    }
                    value.append(element.charAt(i));
                }
                if (i >= n) {
                    return null; // no closing quote
                }
                i++;
            } else {
                // a token, leniently: any visible character but the separators, so an unquoted
                // "[2001:db8::1]:80" or "host:8080" that some proxies write still reads
                for (; i < n && element.charAt(i) > ' ' && element.charAt(i) < 0x7f && element.charAt(i) != ';'
                        && element.charAt(i) != '"' && element.charAt(i) != '='; i++) {
                    value.append(element.charAt(i));
                }
            }
            if (out.putIfAbsent(name.toLowerCase(Locale.ROOT), value.toString()) != null) {
                return null; // RFC 7239 section 4: a parameter must not occur twice in one element
            }
            i = skipSpace(element, i);
            if (i == n) {
                return out;
            }
            if (element.charAt(i) != ';') {
                return null;
            }
            i++;
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** An RFC 7239 node ({@code 192.0.2.1}, {@code "[2001:db8::1]:80"}, {@code 1.2.3.4:80}) as a bare address, or null. */
    static String nodeAddress(String node) {
        if (node == null) {
            return null;
        }
        String v = node;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                return null;
            }
            v = v.substring(1, close);
        } else if (v.indexOf(':') == v.lastIndexOf(':') && v.indexOf(':') > 0) {
            v = v.substring(0, v.indexOf(':'));
        }
        return isIp(v) ? v : null;
    }

    /** True for a dotted IPv4 address or an IPv6 address in text form (no host names: nothing is resolved). */
    static boolean isIp(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return false;
        }
        if (s.indexOf(':') < 0) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                    return false;
                }
            }
            return true;
        }
        // an IPv6 literal: Guava parses it exactly (eight groups, one "::", an optional IPv4 tail) and
        // never resolves a name; a scope id ("%eth0") is refused, as no proxy reports one for a client
        return s.indexOf('%') < 0 && com.google.common.net.InetAddresses.isInetAddress(s);
    }

    /** {@code http} or {@code https} (lower-cased), else null. */
    static String scheme(String v) {
        if (v == null) {
            return null;
        }
        String s = v.strip().toLowerCase(Locale.ROOT);
        return s.equals("http") || s.equals("https") ? s : null;
    }

    /** A host with an optional port ({@code example.com}, {@code example.com:8443}, {@code [::1]:80}), else null. */
    static String host(String v) {
        if (v == null || v.isEmpty() || v.length() > 255) {
            return null;
        }
        int portStart = v.startsWith("[") ? v.indexOf("]:") + 1 : v.lastIndexOf(':');
        String name = portStart > 0 ? v.substring(0, portStart) : v;
        String port = portStart > 0 ? v.substring(portStart + 1) : "";
        if (portStart > 0 && (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit))) {
            return null;
        }
        if (name.startsWith("[")) {
            return name.endsWith("]") && isIp(name.substring(1, name.length() - 1)) ? v : null;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
                return null;
            }
        }
        return name.isEmpty() ? null : v;
    }

    /**
     * A path prefix, decoded, trailing slashes removed; else null. Accepted: one leading {@code /} (so
     * no scheme, and no {@code //} that a browser would read as another host), visible ASCII, well-formed
     * {@code %XX} escapes; refused: backslash, {@code ? #}, an encoded slash, backslash or percent
     * ({@code %2F %5C %25}, which would change meaning once decoded), dot segments plain or encoded, and
     * control characters after decoding.
     */
    static String prefix(String v) {
        if (v == null || v.isEmpty() || v.charAt(0) != '/' || v.startsWith("//") || v.length() > 1024
                || !io.wsgi4j.PercentCodec.isWellFormed(v)) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == '\\') {
                return null;
            }
        }
        String lower = v.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%25")) {
            return null;
        }
        String decoded = io.wsgi4j.PercentCodec.decode(v);
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return null;
            }
        }
        for (String seg : decoded.split("/", -1)) {
            if (seg.equals("..") || seg.equals(".")) {
                return null;
            }
        }
        int end = decoded.length();
        while (end > 0 && decoded.charAt(end - 1) == '/') {
            end--;
        }
        return decoded.substring(0, end);
    }
}
