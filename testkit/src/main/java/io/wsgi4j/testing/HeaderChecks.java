// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import java.util.List;
import java.util.Locale;

/** The checks of SPEC.md R3.6 to R3.8 and R3.10 on the header list an application passes to start_response. */
final class HeaderChecks {
    private HeaderChecks() {}

    /** Checks {@code headers} and returns the Content-Length they declare, or -1. */
    static long check(Exchange x, List<Header> headers) {
        Validator validator = x.validator();
        if (headers == null) {
            validator.report(x, "R3.8", "start_response was given a null header list; pass List.of() for none");
            return -1;
        }
        long length = -1;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (h == null) {
                validator.report(x, "R3.8", "header " + i + " of " + Headers.describe(headers)
                        + " is null; remove it");
                continue;
            }
            if (Headers.isHopByHop(h.name())) {
                validator.report(x, "R3.6", "the application set hop-by-hop header " + Headers.describe(h.toString())
                        + "; framing and connection handling belong to the server, remove it");
            } else if (h.is("Status")) {
                validator.report(x, "R3.6", "the application set a header named Status (" + Headers.describe(h.toString())
                        + "); behind FastCGI, SCGI and CGI that is the field carrying the status line:"
                        + " pass the status to start_response instead");
            }
            if (isSingleValued(h.name())) {
                for (int j = 0; j < i; j++) {
                    Header earlier = headers.get(j);
                    if (earlier != null && earlier.is(h.name())) {
                        validator.report(x, "R3.10", "the headers give " + h.name() + " twice ("
                                + Headers.describe(earlier.value()) + " and " + Headers.describe(h.value())
                                + "); it holds one value, so send it once (replace the first instead of adding"
                                + " a second)");
                        break;
                    }
                }
            }
            if (h.is("Content-Length")) {
                String v = h.value();
                boolean decimal = !v.isEmpty() && v.length() <= 18 && v.chars().allMatch(c -> c >= '0' && c <= '9');
                if (!decimal) {
                    validator.report(x, "R3.7", "Content-Length must be a non-negative decimal number, got "
                            + Headers.describe(v) + "; leave it out when the length is unknown");
                } else if (length >= 0) {
                    // equal or not, a second Content-Length is refused by the caller too (BaseHandler)
                    validator.report(x, "R3.7", (length == Long.parseLong(v) ? "Content-Length " + length + " given"
                            + " twice" : "two different Content-Length headers: " + length + " and " + Headers.describe(v))
                            + "; send exactly one Content-Length, the body's length");
                } else {
                    length = Long.parseLong(v);
                }
            }
        }
        return length;
    }

    /** The fields R3.10 names: each holds a single value (RFC 9110 section 5.3), so none may repeat. */
    private static boolean isSingleValued(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "content-type", "content-location", "content-range", "content-disposition", "location", "etag",
                    "last-modified", "expires", "retry-after", "age", "date" -> true;
            default -> false;
        };
    }
}
