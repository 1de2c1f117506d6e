// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.io.IOException;

/**
 * The web server (or whatever is connected) sent a stream that breaks the FastCGI or SCGI protocol,
 * or exceeds a configured limit. The gateway closes that one connection and keeps serving others.
 *
 * @since 0.1
 */
public final class GatewayProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was expected and what was found
     * @since 0.1
     */
    public GatewayProtocolException(String message) {
        super(message);
    }
}
