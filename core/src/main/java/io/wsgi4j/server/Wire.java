// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;

/**
 * What a {@link Connection} needs from its transport: two streams and the ways to end. {@link ChannelWire} is the TCP socket; tests and the fuzz test run the same connection code
 * over bytes in memory.
 */
interface Wire extends io.wsgi4j.net.Deadline.Target {
    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    /** The channel file bodies go to with {@code transferTo}, or null to copy them through {@link #output()}. */
    WritableByteChannel channel();

    /** The socket, which waits in the reactor while the connection has nothing to do; null if this wire cannot. */
    java.nio.channels.SocketChannel selectable();

    /** Ends the input: a read blocked now or later sees end of stream (how timeouts wake a reader). */
    @Override
    void shutdownInput() throws IOException;

    /** Sends end of stream but keeps reading (lingering close). */
    void shutdownOutput() throws IOException;

    /** Closes so that the peer sees an error, not an ending (TCP reset): for aborted responses and stalled writes. */
    @Override
    void abort() throws IOException;

    @Override
    void close() throws IOException;

    boolean isOpen();

    String remoteAddr();

    int remotePort();
}
