// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.List;

/**
 * Begins a response: the {@code start_response} callable of PEP 3333.
 *
 * <pre>{@code
 * startResponse.start("404 Not Found", Headers.of("Content-Type", "text/plain"));
 * startResponse.start(Status.of(200), List.of(Header.of("Content-Type", "text/html")));
 * }</pre>
 *
 * <p>Rules (SPEC.md section 3):
 * <ul>
 *   <li>Call it once per response. A second call is allowed only with {@code excInfo}, and only
 *       replaces the status and headers while none have been sent; once headers are sent,
 *       a call with {@code excInfo} rethrows it (unchecked as it is, checked wrapped in
 *       {@link ExcInfoException}).
 *   <li>Headers are not sent by this call: they go out with the first non-empty body chunk, or at
 *       the end of an empty body.
 *   <li>Applications must not send hop-by-hop headers (Connection, Keep-Alive, Transfer-Encoding,
 *       TE, Trailer, Upgrade, Proxy-Authenticate, Proxy-Authorization): framing is the server's.
 * </ul>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface StartResponse {

    /**
     * Sets the status and headers of the response.
     *
     * @param status the status; never null
     * @param headers the headers in order, names repeatable; the list is not modified, and a change to it
     *     after this call does not reach the response (the server keeps a copy, or seals a
     *     {@link io.wsgi4j.handler.HandedOverHeaders} list so that the change throws)
     * @param excInfo null normally; the exception being handled when an error page replaces a
     *     response
     * @return the legacy write callable
     * @throws IllegalStateException if called a second time without {@code excInfo}
     * @throws IllegalArgumentException if a header is hop-by-hop or Content-Length is not a number
     * @throws ExcInfoException (or {@code excInfo} itself when unchecked) if headers were already sent
     * @since 0.1
     */
    Write start(Status status, List<Header> headers, Throwable excInfo);

    /**
     * Same as {@code start(status, headers, null)}.
     *
     * @since 0.1
     */
    default Write start(Status status, List<Header> headers) {
        return start(status, headers, null);
    }

    /**
     * Parses {@code status} ("200 OK") and starts the response; see {@link Status#parse}.
     *
     * @throws IllegalArgumentException if the status is not {@code "NNN Reason"}
     * @since 0.1
     */
    default Write start(String status, List<Header> headers) {
        return start(Status.parse(status), headers, null);
    }

    /**
     * Parses {@code status} and starts the response with {@code excInfo}.
     *
     * @since 0.1
     */
    default Write start(String status, List<Header> headers, Throwable excInfo) {
        return start(Status.parse(status), headers, excInfo);
    }
}
