// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A response as a {@link ContractTransport} received it: status, headers in order (names as sent),
 * body bytes.
 *
 * @since 0.1
 */
public final class ContractResponse {
    private final int status;
    private final List<String[]> headers;
    private final byte[] body;

    /**
     * @param status the status code
     * @param headers name/value pairs in the order received
     * @param body the body bytes (empty for HEAD)
     * @since 0.1
     */
    public ContractResponse(int status, List<String[]> headers, byte[] body) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    /** @return the status code @since 0.1 */
    public int status() {
        return status;
    }

    /** @return the first value of header {@code name} (any case), or null @since 0.1 */
    public String header(String name) {
        List<String> all = headers(name);
        return all.isEmpty() ? null : all.get(0);
    }

    /** @return every value of header {@code name} (any case), in order @since 0.1 */
    public List<String> headers(String name) {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                out.add(h[1]);
            }
        }
        return out;
    }

    /** @return the names of all headers, in order @since 0.1 */
    public List<String> headerNames() {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) {
            out.add(h[0]);
        }
        return out;
    }

    /** @return the body bytes @since 0.1 */
    public byte[] body() {
        return body;
    }

    /** @return the body decoded as ISO-8859-1, byte for char @since 0.1 */
    public String text() {
        return new String(body, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return status + " (" + body.length + " bytes) " + headerNames();
    }
}
