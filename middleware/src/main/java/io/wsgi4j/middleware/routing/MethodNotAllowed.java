// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import io.wsgi4j.Body;
import io.wsgi4j.Header;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.middleware.internal.TextAnswer;
import java.util.List;
import java.util.TreeSet;

/** The answer of a {@link Router} whose routes match the path but not the method: 405, or 200 to OPTIONS. */
final class MethodNotAllowed {
    private MethodNotAllowed() {}

    static Iterable<byte[]> answer(Route[] routes, String[] segs, String method, StartResponse startResponse) {
        String allow = allowed(routes, segs);
        if (method.equals("OPTIONS")) {
            startResponse.start(Status.OK, List.of(Header.of("Allow", allow), Header.of("Content-Length", "0")));
            return Body.empty();
        }
        return TextAnswer.methodNotAllowed(startResponse, method, allow);
    }

    /** Every method some route answers for these segments (GET implies HEAD), plus OPTIONS, sorted. */
    static String allowed(Route[] routes, String[] segs) {
        TreeSet<String> allow = new TreeSet<>();
        int max = 0;
        for (Route r : routes) {
            max = Math.max(max, r.template().variables().size());
        }
        String[] values = new String[max];
        for (Route r : routes) {
            if (r.template().match(segs, values)) {
                allow.addAll(r.methods());
                if (r.methods().contains("GET")) {
                    allow.add("HEAD");
                }
            }
        }
        allow.add("OPTIONS");
        return String.join(", ", allow);
    }
}
