// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.peers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The bytes and names every peer answers with, so all servers send the same response. */
final class Hello {
    static final byte[] BYTES = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    static final String TEXT_PLAIN = "text/plain";
    static final String OCTETS = "application/octet-stream";
    static final String PLAINTEXT = "/plaintext";
    static final String ECHO = "/echo";

    private Hello() {}

    /** A read-only direct buffer holding the body; callers take a duplicate per response. */
    static ByteBuffer direct() {
        return ByteBuffer.allocateDirect(BYTES.length).put(BYTES).flip().asReadOnlyBuffer();
    }
}
