// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Finds the values of a parsed JSON tree that Jackson accepts but that the application would not get as
 * the client sent them: a number too large for a double ({@code 1e999}, which Jackson reads as Infinity
 * and writes back as the string {@code "Infinity"}; an integer of 309 digits, which a double field gets as
 * Infinity) and a string with half a surrogate pair (an escape of
 * U+D800 to U+DFFF without its partner: no Unicode text, RFC 8259 section 8.2; the first UTF-8 encoding of
 * the string makes it {@code ?}).
 * Jackson itself refuses a broken pair in a field name. Recursion is bounded by Jackson's nesting limit.
 */
final class JsonCheck {
    private JsonCheck() {}

    /** What is wrong with {@code tree} and where, as a 400 message, or null when nothing is. */
    static String problem(JsonNode tree) {
        Found f = find(tree);
        if (f == null) {
            return null;
        }
        return "the JSON body has " + f.what() + (f.path().isEmpty() ? "" : " at " + RequestException.quote(f.path()));
    }

    /** A value that is wrong, and its path below the node searched (like {@code items[0].price}). */
    private record Found(String what, String path) {
        Found under(String step) {
            return new Found(what, step + (path.isEmpty() || path.startsWith("[") ? path : "." + path));
        }
    }

    /** Builds the path only on the way back from a find, so a good tree costs no strings. */
    private static Found find(JsonNode node) {
        if (node.isNumber()) {
            // an integer of 309 digits or more too: the tree holds it whole, but a double field gets Infinity
            return (node.isBigInteger() || node.isFloatingPointNumber()) && !Double.isFinite(node.doubleValue())
                    ? new Found("a number beyond the range of a double (about 1.8e308)", "") : null;
        }
        if (node.isTextual()) {
            return hasLoneSurrogate(node.textValue())
                    ? new Found("a string with half a surrogate pair (U+D800 to U+DFFF without its partner)", "")
                    : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Found f = find(node.get(i));
                if (f != null) {
                    return f.under("[" + i + "]");
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                Found f = find(field.getValue());
                if (f != null) {
                    return f.under(field.getKey());
                }
            }
        }
        return null;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
