// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parsing and validation for the proxy headers {@link ProxyFix} reads: picking the value a trusted
 * hop appended, the RFC 7239 {@code Forwarded} syntax, and checks that addresses, schemes, hosts and
 * prefixes look like what they claim to be. Everything returns null for malformed input.
 */
final class ForwardedValues {
    private static final int MAX_ITEMS = 64;

    private ForwardedValues() {}

    /** The value {@code hops} from the right of a comma-separated X-Forwarded-* list, or null. */
    static String fromRight(String list, int hops) {
        if (list == null) {
            return null;
        }
        String[] parts = list.split(",", MAX_ITEMS + 1);
        if (parts.length > MAX_ITEMS || parts.length < hops) {
            return null;
        }
        String v = parts[parts.length - hops].strip();
        return v.isEmpty() ? null : v;
    }

    /**
     * The parameters (lower-case names, unquoted values) of the {@code Forwarded} element {@code hops}
     * from the right, or null when the header is malformed or has fewer elements.
     */
    static Map<String, String> forwardedElement(String header, int hops) {
        if (header == null) {
            return null;
        }
        List<Map<String, String>> elements = new ArrayList<>(4);
        Map<String, String> current = new HashMap<>(4);
        int i = 0;
        int n = header.length();
        while (i < n) {
            char c = header.charAt(i);
            if (c == ' ' || c == '\t' || c == ';') {
                i++;
                continue;
            }
            if (c == ',') {
                elements.add(current);
                current = new HashMap<>(4);
                if (elements.size() > MAX_ITEMS) {
                    return null;
                }
                i++;
                continue;
            }
            int eq = header.indexOf('=', i);
            if (eq <= i) {
                return null;
            }
            String name = header.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            int start = eq + 1;
            String value;
            if (start < n && header.charAt(start) == '"') {
                int close = header.indexOf('"', start + 1);
                if (close < 0) {
                    return null;
                }
                value = header.substring(start + 1, close);
                i = close + 1;
            } else {
                int end = start;
                while (end < n && ",; \t".indexOf(header.charAt(end)) < 0) {
                    end++;
                }
                value = header.substring(start, end);
                i = end;
            }
            if (name.isEmpty() || current.putIfAbsent(name, value) != null) {
                return null; // RFC 7239 section 4: a parameter must not occur twice in one element
            }
        }
        elements.add(current);
        return elements.size() < hops ? null : elements.get(elements.size() - hops);
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
