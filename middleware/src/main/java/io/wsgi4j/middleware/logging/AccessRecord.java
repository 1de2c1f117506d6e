// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import java.time.ZonedDateTime;

/**
 * One request as the access log saw it: what {@link LogFormat} turns into a line.
 *
 * @param remoteAddr REMOTE_ADDR, or "-"
 * @param remoteUser REMOTE_USER when authenticated, else null
 * @param time when the request arrived, in the log's time zone
 * @param method the request method
 * @param target the request target as received (path and query, still percent-encoded)
 * @param protocol SERVER_PROTOCOL
 * @param status the status code sent (500 when the application failed without one)
 * @param bytes body bytes handed to the server (see {@link AccessLog} for what that counts)
 * @param durationNanos from the call to the body's close
 * @param referer the Referer header, or null
 * @param userAgent the User-Agent header, or null
 * @param requestId {@code wsgi4j.request_id} or the X-Request-Id header, or null
 * @param route {@code routing.route}, or null
 * @param complete true when the body was iterated to its end; false when it was closed early
 *     (client gone, error) or the application threw
 * @param traceId {@code wsgi4j.trace_id}, set by the TraceContext middleware, or null (since 0.2)
 * @since 0.1
 */
public record AccessRecord(String remoteAddr, String remoteUser, ZonedDateTime time, String method, String target,
        String protocol, int status, long bytes, long durationNanos, String referer, String userAgent,
        String requestId, String route, boolean complete, String traceId) {

    /** A record without a trace id (the 0.1 fields). @since 0.1 */
    public AccessRecord(String remoteAddr, String remoteUser, ZonedDateTime time, String method, String target,
            String protocol, int status, long bytes, long durationNanos, String referer, String userAgent,
            String requestId, String route, boolean complete) {
        this(remoteAddr, remoteUser, time, method, target, protocol, status, bytes, durationNanos, referer, userAgent,
                requestId, route, complete, null);
    }

    /** The request line, {@code GET /x?y HTTP/1.1}. @since 0.1 */
    public String requestLine() {
        return method + " " + target + " " + protocol;
    }
}
