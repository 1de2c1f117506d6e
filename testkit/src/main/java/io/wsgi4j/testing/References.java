// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.net.URI;

/**
 * Resolves a URI reference (a Location, a link, a form action) against the URL it came with, as RFC
 * 3986 section 5.2 says and browsers do. {@link URI#resolve} follows the older RFC 2396, which differs
 * twice: a reference with an empty path ({@code ""}, {@code "?page=2"}) gets the base's directory
 * instead of its whole path, and {@code ..} segments above the root stay in the path ({@code /../x})
 * instead of being dropped.
 */
final class References {
    private References() {
    }

    /** {@code reference} resolved against the absolute {@code base}. */
    static URI resolve(URI base, URI reference) {
        URI resolved;
        if (reference.getScheme() == null && reference.getRawAuthority() == null && reference.getRawPath().isEmpty()) {
            // "", "?query" or "#fragment": the base's path, and its query unless the reference has one
            String query = reference.getRawQuery() != null ? reference.getRawQuery() : base.getRawQuery();
            resolved = with(base, base.getRawPath(), query, reference.getRawFragment());
        } else {
            resolved = base.resolve(reference);
        }
        String path = resolved.getRawPath();
        if (path == null) {
            return resolved; // opaque, such as mailto:
        }
        String clean = removeDotSegments(path);
        return clean.equals(path) ? resolved : with(resolved, clean, resolved.getRawQuery(), resolved.getRawFragment());
    }

    /** RFC 3986 section 5.2.4: {@code .} and {@code ..} segments taken out, none left above the root. */
    static String removeDotSegments(String path) {
        if (path.indexOf('.') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        String in = path;
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./") || in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../") || in.equals("/..")) {
                in = in.length() == 3 ? "/" : in.substring(3);
                out.setLength(Math.max(out.lastIndexOf("/"), 0));
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int end = in.indexOf('/', 1);
                end = end < 0 ? in.length() : end;
                out.append(in, 0, end);
                in = in.substring(end);
            }
        }
        return out.toString();
    }

    private static URI with(URI u, String path, String query, String fragment) {
        StringBuilder b = new StringBuilder(u.getScheme()).append(':');
        if (u.getRawAuthority() != null) {
            b.append("//").append(u.getRawAuthority());
        }
        b.append(path);
        if (query != null) {
            b.append('?').append(query);
        }
        if (fragment != null) {
            b.append('#').append(fragment);
        }
        return URI.create(b.toString());
    }
}
