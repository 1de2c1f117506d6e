// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.net.ListenBacklog;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The listening socket of a FastCGI or SCGI gateway: TCP, Unix domain (Java 16+'s
 * {@link UnixDomainSocketAddress}), or inherited from the launching process. It also applies the
 * allowed-peer list to TCP connections.
 */
final class SocketListener implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path socketFile;
    private final List<String> allowedPeers;
    /** The allowed peers that are IPv6 addresses, compared as addresses: {@code ::1} is 0:0:0:0:0:0:0:1. */
    private final java.util.Set<InetAddress> allowedAddresses;
    private final RefusedPeerLog refusedPeers;
    private volatile SocketAddress waker; // the drain's own connection (see wake)

    SocketListener(ServerSocketChannel server, Path socketFile, List<String> allowedPeers) {
        this.server = server;
        this.socketFile = socketFile;
        this.allowedPeers = allowedPeers;
        this.allowedAddresses = addresses(allowedPeers);
        this.refusedPeers = new RefusedPeerLog(allowedPeers);
    }

    /**
     * The entries that are IPv6 literals, which have many spellings; an IPv4 entry is compared as
     * written, the one dotted form the JDK prints. A literal is parsed, never looked up.
     */
    private static java.util.Set<InetAddress> addresses(List<String> peers) {
        java.util.Set<InetAddress> addresses = new java.util.HashSet<>();
        for (String p : peers) {
            String ip = stripScope(p);
            if (ip.indexOf(':') >= 0 && ip.matches("[0-9A-Fa-f:.]+")) {
                try {
                    addresses.add(InetAddress.getByName(ip)); // with a colon, a literal or an error: no lookup
                } catch (java.net.UnknownHostException notAnAddress) {
                    // compared as written, as before
                }
            }
        }
        return addresses;
    }

    static SocketListener bind(GatewayAddress address, GatewayConfig config) throws IOException {
        switch (address.kind()) {
            case INHERITED: {
                Channel inherited = System.inheritedChannel();
                if (!(inherited instanceof ServerSocketChannel)) {
                    throw new IllegalStateException("no listening socket was inherited (found " + inherited
                            + "); start the gateway from a launcher that passes one on descriptor 0"
                            + " (spawn-fcgi, mod_fcgid, cgi-fcgi -start) or listen on HOST:PORT or unix:PATH");
                }
                ServerSocketChannel s = (ServerSocketChannel) inherited;
                s.configureBlocking(true);
                return new SocketListener(s, null, config.allowedPeers());
            }
            case UNIX: {
                Path path = address.path();
                removeStaleSocket(path);
                ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    if (config.unixSocketPermissions() == null) {
                        s.bind(UnixDomainSocketAddress.of(path), 1024);
                    } else {
                        bindPrivately(s, path, PosixFilePermissions.fromString(config.unixSocketPermissions()));
                    }
                } catch (IOException | RuntimeException e) {
                    closeQuietly(s); // a caller that retries must not leak a descriptor per try
                    throw e;
                }
                return new SocketListener(s, path, List.of());
            }
            default: {
                ServerSocketChannel s = ServerSocketChannel.open();
                try {
                    s.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
                    String host = address.host();
                    s.bind(host.isEmpty() ? new InetSocketAddress(address.port())
                            : new InetSocketAddress(host, address.port()), 1024);
                } catch (IOException | RuntimeException e) {
                    closeQuietly(s); // a caller that retries must not leak a descriptor per try
                    throw e;
                }
                return new SocketListener(s, null, config.allowedPeers());
            }
        }
    }

    /**
     * {@code e} with the address in front of its message, and for a taken TCP port what to change: the
     * JDK's own messages ("Address already in use", "No such file or directory") name neither the
     * address nor the path, and a gateway bound from code has no command line to add them. A
     * {@link BindException} stays one, so a caller that catches it still does.
     */
    static IOException naming(GatewayAddress address, IOException e) {
        String message = "cannot listen on " + address + ": " + e.getMessage();
        if (address.kind() == GatewayAddress.Kind.TCP && String.valueOf(e.getMessage()).contains("in use")) {
            message += "; stop the process that listens there or choose another port";
        }
        IOException named = e instanceof BindException ? new BindException(message) : new IOException(message);
        named.initCause(e);
        return named;
    }

    /**
     * Binds {@code s} at {@code path} with {@code permissions} from the first moment the path exists.
     * Bound there and changed afterwards, the socket had the umask's permissions for a while, in which
     * another local user could connect. So it is bound inside a new directory next to the path that
     * only this user may enter, given its permissions there, then linked at the path (a link fails
     * where a rename would replace a file another process put there meanwhile), and the directory
     * goes. On any failure nothing is left behind. The directory's name is short (a path longer than
     * about 100 bytes cannot be bound): {@code .} and six hex digits, the socket inside it {@code s}.
     */
    private static void bindPrivately(ServerSocketChannel s, Path path, Set<PosixFilePermission> permissions)
            throws IOException {
        Path parent = path.getParent();
        Path dir = null;
        Path inside = null;
        boolean linked = false;
        try {
            dir = privateDirectory(parent);
            inside = dir.resolve("s");
            try {
                s.bind(UnixDomainSocketAddress.of(inside), 1024);
            } catch (java.net.SocketException e) {
                // most likely the length: the path inside the private directory may be longer than the path
                java.net.SocketException named = new java.net.SocketException("cannot bind the Unix socket " + path
                        + " through " + inside + " (how it gets unixSocketPermissions from the start): "
                        + e.getMessage() + "; Unix socket paths are limited to about 100 bytes");
                named.initCause(e);
                throw named;
            }
            Files.setPosixFilePermissions(inside, permissions);
            try {
                Files.createLink(path, inside);
            } catch (FileAlreadyExistsException e) {
                throw new BindException("Address already in use: another process made a file at the socket path"
                        + " while this one was binding");
            } catch (IOException | UnsupportedOperationException noLinks) {
                Files.move(inside, path); // a file system without hard links: moved, never replacing a file
            }
            linked = true;
            Files.deleteIfExists(inside);
            Files.delete(dir);
        } catch (IOException | RuntimeException e) {
            if (linked) {
                deleteQuietly(path);
            }
            deleteQuietly(inside);
            deleteQuietly(dir);
            throw e;
        }
    }

    /** A new directory in {@code parent} (null: the working directory) that only this user may enter. */
    private static Path privateDirectory(Path parent) throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int tries = 0; ; tries++) {
            String name = String.format(".%06x", random.nextInt(1 << 24));
            Path dir = parent == null ? Path.of(name) : parent.resolve(name);
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException taken) {
                if (tries == 99) {
                    throw taken;
                }
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the bind's failure is the one to report
        }
    }

    private static void closeQuietly(ServerSocketChannel s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the bind's failure is the one to report
        }
    }

    /**
     * A socket file left by a process that died is replaced; anything else at the path is an error.
     * So is a socket another process still listens on: replacing its file would leave that process
     * running but unreachable, and its file deleted when this one stops.
     */
    private static void removeStaleSocket(Path path) throws IOException {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isRegularFile(path) || Files.isDirectory(path)) {
                // an IOException, as bind documents for a socket that cannot be bound; the callers name the path
                throw new IOException("a file or directory is in the way; remove it, or choose another socket path");
            }
            if (listenedOn(path)) {
                throw new BindException("Address already in use: another process listens on this socket; stop"
                        + " it, or choose another socket path");
            }
            Files.delete(path);
        }
    }

    /**
     * Whether a process listens on the socket file (a stale one refuses connections). The probe never
     * waits: a blocking connect to a live listener whose accept queue is full (a process alive but
     * stuck) would block this bind for ever.
     */
    private static boolean listenedOn(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(path)); // connected, or pending: a listener is there
            return true;
        } catch (java.net.ConnectException refused) {
            return false; // nobody listens: the file is what a process that died left
        } catch (IOException busy) {
            return true; // a full accept queue (EAGAIN) and the like: a listener that is busy, not gone
        }
    }

    /** The next allowed connection, or null once the listener is closed or a drain has woken it ({@link #wake}). */
    SocketChannel accept() throws IOException {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return null;
            }
            if (allowed(ch.getRemoteAddress())) {
                return ch;
            }
            if (ch.getRemoteAddress().equals(waker)) {
                ch.close(); // the drain's own connection, waking this accept: accepting is over
                return null;
            }
            refusedPeers.refused(ch.getRemoteAddress());
            ch.close();
        }
    }

    private boolean allowed(SocketAddress peer) {
        if (allowedPeers.isEmpty() || !(peer instanceof InetSocketAddress inet)) {
            return true;
        }
        String ip = inet.getAddress().getHostAddress();
        return allowedAddresses.contains(inet.getAddress()) || allowedPeers.contains(ip)
                || (inet.getAddress() instanceof java.net.Inet6Address && allowedPeers.contains(stripScope(ip)));
    }

    private static String stripScope(String ip) {
        int pct = ip.indexOf('%');
        return pct < 0 ? ip : ip.substring(0, pct);
    }

    /**
     * Wakes the thread blocked in {@link #accept()} for a drain ({@link ListenBacklog#wake}); its own
     * connection is let go without the warning a peer that is not allowed gets.
     */
    SocketChannel wake() {
        if (socketFile != null) {
            // reached at its path: a socket bound privately and linked there has another bound address
            return ListenBacklog.wake(UnixDomainSocketAddress.of(socketFile), from -> waker = from);
        }
        return ListenBacklog.wake(server, from -> waker = from);
    }

    /** The allowed connections waiting in the backlog, taken without blocking once nothing accepts. */
    void takeEach(java.util.function.Consumer<SocketChannel> take) {
        ListenBacklog.takeEach(server, ch -> {
            try {
                if (allowed(ch.getRemoteAddress())) {
                    take.accept(ch);
                } else {
                    ch.close();
                }
            } catch (IOException e) {
                ListenBacklog.close(ch);
            }
        });
    }

    /** The bound address; for a Unix socket, its path (where it was bound may be another, see {@link #bindPrivately}). */
    SocketAddress localAddress() throws IOException {
        if (socketFile != null && server.isOpen()) {
            return UnixDomainSocketAddress.of(socketFile);
        }
        return server.getLocalAddress();
    }

    /**
     * Closes the socket and removes its file, once: a gateway is shut down twice as a rule (at SIGTERM, and
     * by the try-with-resources around serveForever(), which returns after the drain), and by then another
     * process may have bound a socket file of its own at the path. The file goes first, so that no other
     * process can bind the path between the close and the removal.
     */
    @Override
    public synchronized void close() throws IOException {
        if (!server.isOpen()) {
            return;
        }
        try {
            if (socketFile != null) {
                Files.deleteIfExists(socketFile);
            }
        } finally {
            server.close();
        }
    }
}
