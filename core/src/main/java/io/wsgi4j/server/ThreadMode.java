// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

/**
 * What {@link HttpServer} runs requests on. Either way a connection holds a thread only while it
 * works: waiting for a request head it sits in the server's selector, and at most
 * {@link ServerConfig#workers()} requests are served at once, the rest in arrival order.
 *
 * @since 0.1
 */
public enum ThreadMode {
    /** Virtual threads where the JVM has them (Java 21+), else the platform pool. The default. */
    AUTO,
    /** A virtual thread per request turn; fails at start on a JVM without virtual threads. */
    VIRTUAL,
    /** A bounded pool of platform threads ({@link ServerConfig#workers()}), started as needed. */
    PLATFORM
}
