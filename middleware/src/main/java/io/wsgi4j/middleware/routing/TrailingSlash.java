// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.TextAnswer;
import java.util.Arrays;

/** The trailing-slash redirect half of {@link Router}. */
final class TrailingSlash {
    private TrailingSlash() {}

    /** The segments with a trailing empty segment removed, or one added. */
    static String[] toggle(String[] segs) {
        if (segs.length > 1 && segs[segs.length - 1].isEmpty()) {
            return Arrays.copyOf(segs, segs.length - 1);
        }
        String[] more = Arrays.copyOf(segs, segs.length + 1);
        more[segs.length] = "";
        return more;
    }

    /**
     * The redirect to {@code segs} under SCRIPT_NAME, keeping the query string; null when the location
     * would start with {@code //}, which a browser reads as another host (an open redirect).
     */
    static Iterable<byte[]> redirect(Environ environ, StartResponse startResponse, int status, String[] segs) {
        StringBuilder b = PathSegments.base(environ);
        for (String seg : segs) {
            b.append('/').append(PercentCodec.encodePath(seg).replace("/", "%2F"));
        }
        if (b.length() > 1 && b.charAt(0) == '/' && b.charAt(1) == '/') {
            return null;
        }
        String query = environ.queryString();
        if (!query.isEmpty()) {
            // a gateway passes a query's bytes as sent, and a URL holds them escaped: the same bytes decoded
            b.append('?').append(PercentCodec.encodeQuery(query));
        }
        return TextAnswer.redirect(startResponse, status, b.toString());
    }
}
