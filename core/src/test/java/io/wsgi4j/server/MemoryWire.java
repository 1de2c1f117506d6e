// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;

/** A {@link Wire} over bytes in memory: the request bytes go in, the response bytes are kept. */
final class MemoryWire implements Wire {
    private final InputStream in;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean aborted;
    boolean outputShut;
    boolean closed;

    MemoryWire(byte[] request) {
        in = new ByteArrayInputStream(request);
    }

    private MemoryWire(InputStream in) {
        this.in = in;
    }

    /** A wire whose reads return one byte each: every split a client's bytes can arrive in. */
    static MemoryWire trickling(byte[] request) {
        return new MemoryWire(new ByteArrayInputStream(request) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        });
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public WritableByteChannel channel() {
        return null;
    }

    @Override
    public java.nio.channels.SocketChannel selectable() {
        return null;
    }

    @Override
    public void shutdownInput() {
        // bytes in memory never keep a reader waiting
    }

    @Override
    public void shutdownOutput() {
        outputShut = true;
    }

    @Override
    public void abort() {
        aborted = true;
        closed = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public String remoteAddr() {
        return "192.0.2.7";
    }

    @Override
    public int remotePort() {
        return 40000;
    }
}
