// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a gateway listens: a TCP host and port, a Unix domain socket path, or the listening socket
 * inherited from the process that started this one (as spawn-fcgi, mod_fcgid and
 * {@code cgi-fcgi -start} pass it on file descriptor 0).
 *
 * <pre>{@code
 * GatewayAddress.parse("127.0.0.1:9000");      // TCP
 * GatewayAddress.parse(":9000");               // TCP, all interfaces
 * GatewayAddress.parse("[::1]:9000");          // TCP, IPv6
 * GatewayAddress.parse("unix:/run/app.sock");  // Unix domain socket
 * GatewayAddress.parse("inherited");           // System.inheritedChannel()
 * }</pre>
 *
 * @since 0.1
 */
public final class GatewayAddress {
    /** The kind of listening socket. @since 0.1 */
    public enum Kind {
        /** A TCP socket on {@link #host()}:{@link #port()}. */
        TCP,
        /** A Unix domain socket at {@link #path()}. */
        UNIX,
        /** The socket this process inherited ({@link System#inheritedChannel()}). */
        INHERITED
    }

    private final Kind kind;
    private final String host;
    private final int port;
    private final Path path;

    private GatewayAddress(Kind kind, String host, int port, Path path) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.path = path;
    }

    /**
     * A TCP address; {@code host} may be empty or {@code 0.0.0.0} for every interface, and
     * {@code port} 0 picks a free port.
     *
     * @throws IllegalArgumentException if the port is outside 0-65535
     * @since 0.1
     */
    public static GatewayAddress tcp(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        return new GatewayAddress(Kind.TCP, host, port, null);
    }

    /** A Unix domain socket at {@code path}. @since 0.1 */
    public static GatewayAddress unix(Path path) {
        return new GatewayAddress(Kind.UNIX, null, -1, Objects.requireNonNull(path, "path"));
    }

    /** The listening socket inherited from the launching process. @since 0.1 */
    public static GatewayAddress inherited() {
        return new GatewayAddress(Kind.INHERITED, null, -1, null);
    }

    /**
     * Parses {@code HOST:PORT}, {@code :PORT}, {@code [IPV6]:PORT}, {@code unix:PATH} or
     * {@code inherited} (the forms the command line's {@code --fastcgi} and {@code --scgi} take).
     *
     * @throws IllegalArgumentException if the text is none of these forms
     * @since 0.1
     */
    public static GatewayAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("inherited")) {
            return inherited();
        }
        if (text.startsWith("unix:")) {
            if (text.length() == 5) {
                throw bad(text);
            }
            return unix(Path.of(text.substring(5)));
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0 || colon == text.length() - 1) {
            throw bad(text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw bad(text);
        }
        try {
            return tcp(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw bad(text);
        }
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("expected HOST:PORT, :PORT, [IPV6]:PORT, unix:PATH or inherited,"
                + " got \"" + text + "\"");
    }

    /** The kind of socket. @since 0.1 */
    public Kind kind() {
        return kind;
    }

    /** The TCP host ("" for every interface); null unless {@link Kind#TCP}. @since 0.1 */
    public String host() {
        return host;
    }

    /** The TCP port; -1 unless {@link Kind#TCP}. @since 0.1 */
    public int port() {
        return port;
    }

    /** The socket path; null unless {@link Kind#UNIX}. @since 0.1 */
    public Path path() {
        return path;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayAddress a && a.kind == kind && Objects.equals(a.host, host) && a.port == port
                && Objects.equals(a.path, path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, host, port, path);
    }

    /** The text {@link #parse} accepts for this address. @since 0.1 */
    @Override
    public String toString() {
        switch (kind) {
            case UNIX:
                return "unix:" + path;
            case INHERITED:
                return "inherited";
            default:
                return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
