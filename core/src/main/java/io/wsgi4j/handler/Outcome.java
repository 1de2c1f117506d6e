// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

/**
 * How a request ended, as {@link BaseHandler#finish()} reports it to the transport.
 *
 * @since 0.1
 */
public enum Outcome {
    /** The response is complete and the connection may carry another request. */
    KEEP_ALIVE,
    /** The response is complete; the connection must close (HTTP/1.0, close-delimited, or asked). */
    CLOSE,
    /**
     * The response could not be completed (error after headers were sent, or the client went away):
     * the transport must abort the connection so the client cannot mistake a partial response for a
     * whole one.
     */
    ABORTED
}
