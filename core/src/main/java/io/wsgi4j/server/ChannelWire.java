// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link Wire} over an accepted TCP connection in blocking mode, read and written through the
 * socket adaptor's streams without socket timeouts (the {@link Watchdog} enforces those). File
 * bodies go to the channel itself, so {@code FileChannel.transferTo} can send them without copying.
 */
final class ChannelWire implements Wire {
    private final SocketChannel channel;
    private final String remoteAddr;
    private final int remotePort;

    ChannelWire(SocketChannel channel) throws IOException {
        this.channel = channel;
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        this.remoteAddr = remote.getAddress().getHostAddress();
        this.remotePort = remote.getPort();
    }

    @Override
    public InputStream input() throws IOException {
        return channel.socket().getInputStream();
    }

    @Override
    public OutputStream output() throws IOException {
        return channel.socket().getOutputStream();
    }

    @Override
    public WritableByteChannel channel() {
        return channel;
    }

    @Override
    public SocketChannel selectable() {
        return channel;
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void abort() throws IOException {
        channel.socket().setSoLinger(true, 0);
        channel.close();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public String remoteAddr() {
        return remoteAddr;
    }

    @Override
    public int remotePort() {
        return remotePort;
    }
}
