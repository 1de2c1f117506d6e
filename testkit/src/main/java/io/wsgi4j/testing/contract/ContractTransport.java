// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import java.util.List;
import java.util.Map;

/**
 * How the {@link GatewayContract} reaches the gateway contract app: through a web server, a
 * FastCGI client, or in-process. A transport serves {@code io.wsgi4j.testing.contract.ContractApp}
 * mounted at {@link #scriptName()}; targets the suite passes start with the app's own paths
 * ({@code /env}, {@code /echo}, ...).
 *
 * @since 0.1
 */
public interface ContractTransport extends AutoCloseable {
    /**
     * Sends one request and returns the whole response.
     *
     * @param method the request method
     * @param target the app path with an optional query, e.g. {@code /big?n=10}
     * @param headers extra request headers; values are sent as ISO-8859-1 bytes
     * @param body the request body, or null for none
     * @since 0.1
     */
    ContractResponse send(String method, String target, Map<String, String> headers, byte[] body) throws Exception;

    /**
     * Sends a GET and returns the response body in the pieces it arrived in (one entry per read
     * that returned body bytes), to show that a streamed response is not held back.
     *
     * @since 0.1
     */
    List<byte[]> arrivals(String target) throws Exception;

    /**
     * Starts a POST declaring {@code declaredLength} body bytes, sends only {@code sentBytes} of
     * them, then drops the connection.
     *
     * @since 0.1
     */
    void abandonUpload(String target, long declaredLength, int sentBytes) throws Exception;

    /** How many {@code /echo} bodies the app closed before their end (ContractApp.echoesCutShort). @since 0.1 */
    long echoesCutShort();

    /** The SCRIPT_NAME the app is mounted under ("" at the root). @since 0.1 */
    default String scriptName() {
        return "";
    }

    /** Stops whatever the transport started. @since 0.1 */
    @Override
    default void close() throws Exception {
    }
}
