// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

/**
 * How {@link HttpServer} runs connections: each connection is served start to end by one thread.
 *
 * @since 0.1
 */
public enum ThreadMode {
    /** Virtual threads where the JVM has them (Java 21+), else the platform pool. The default. */
    AUTO,
    /** One virtual thread per connection; fails at start on a JVM without virtual threads. */
    VIRTUAL,
    /**
     * A bounded pool of platform threads ({@link ServerConfig#workers()}); while it is nearly full,
     * connections close after their response so waiting clients get a thread.
     */
    PLATFORM
}
