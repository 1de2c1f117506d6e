// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.observe;

import java.time.Duration;
import java.util.Objects;

/**
 * One finished request as a {@link RequestObserver} sees it; immutable.
 *
 * @param transport how the request arrived: {@code http}, {@code fastcgi}, {@code scgi}, {@code cgi},
 *     {@code test}, or an adapter's own name
 * @param method the request method; empty for a request the server refused before it could read the
 *     request line and head
 * @param path {@code SCRIPT_NAME + PATH_INFO} as the transport decoded it; unbounded: never use it as a
 *     metric tag. For a request the server refused itself, the request target's path as sent, or empty
 *     when the head could not be read
 * @param route the path template of the route that served it (environ key {@link #ROUTE_TEMPLATE}, set by
 *     the router, the front controller and the URL map, e.g. {@code /projects/{project}/wiki/{page}}, or
 *     {@code /static} for an application the URL map mounted there), or null when no router matched
 * @param status the status sent to the client; 0 when no status line went out (the client left, or the
 *     application failed after nothing could be sent)
 * @param bytesIn the request body's declared length (CONTENT_LENGTH), or -1 when the request did not
 *     declare one (chunked)
 * @param bytesOut the response body bytes sent, framing excluded
 * @param durationNanos from calling the application to the end of the response; 0 when the server
 *     answered without calling it
 * @param aborted true when the response could not be completed and the connection was cut
 * @since 0.2
 */
public record RequestRecord(String transport, String method, String path, String route, int status,
        long bytesIn, long bytesOut, long durationNanos, boolean aborted) {
    /**
     * The environ key holding the matched route's path template, a {@code String}: set by routers when
     * they dispatch and left in place, read when the request finishes. A router mounted below another
     * puts the whole template, the outer part first.
     *
     * @since 0.2
     */
    public static final String ROUTE_TEMPLATE = "routing.template";

    /**
     * The environ key holding the template a mounted application's SCRIPT_NAME was matched by, a
     * {@code String}, while that application runs: set by dispatchers that mount (the URL map, the front
     * controller), so that a router inside records the whole template ({@link #ROUTE_TEMPLATE}) rather
     * than its own part.
     *
     * @since 0.2
     */
    public static final String ROUTE_BASE = "routing.template_base";

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if transport, method or path is null
     * @throws IllegalArgumentException if status is neither 0 nor 100 to 999, or a length or the duration
     *     is below its minimum
     * @since 0.2
     */
    public RequestRecord {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (status != 0 && (status < 100 || status > 999)) {
            throw new IllegalArgumentException("status must be 0 (none sent) or 100 to 999, got " + status);
        }
        if (bytesIn < -1 || bytesOut < 0 || durationNanos < 0) {
            throw new IllegalArgumentException("bytesIn must be -1 or more, bytesOut and durationNanos 0 or more;"
                    + " got " + bytesIn + ", " + bytesOut + ", " + durationNanos);
        }
    }

    /** The duration as a {@link Duration}. @since 0.2 */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    /**
     * The status class as metrics name it: {@code INFORMATIONAL}, {@code SUCCESS}, {@code REDIRECTION},
     * {@code CLIENT_ERROR}, {@code SERVER_ERROR}, or {@code UNKNOWN} when no status was sent.
     *
     * @since 0.2
     */
    public String outcome() {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
