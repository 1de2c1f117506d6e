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
interface Wire {
    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    /** The channel file bodies go to with {@code transferTo}, or null to copy them through {@link #output()}. */
    WritableByteChannel channel();

    /** Sets a socket timeout for the following reads in milliseconds, 0 for none (idle parking only). */
    void readTimeout(int millis) throws IOException;

    /** The channel to park with a selector while idle, or null if this wire cannot be parked. */
    java.nio.channels.SelectableChannel selectable();

    /** Ends the input: a read blocked now or later sees end of stream (how timeouts wake a reader). */
    void shutdownInput() throws IOException;

    /** Sends end of stream but keeps reading (lingering close). */
    void shutdownOutput() throws IOException;

    /** Closes so that the peer sees an error, not an ending (TCP reset): for aborted responses. */
    void abort() throws IOException;

    void close() throws IOException;

    boolean isOpen();

    String remoteAddr();

    int remotePort();
}
