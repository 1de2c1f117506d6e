// SPDX-License-Identifier: Apache-2.0
/**
 * wsgi4j core: the protocol ({@code io.wsgi4j}), the request algorithm every transport runs
 * ({@code io.wsgi4j.handler}, the SPI a transport extends), the reference HTTP/1.1 server, the
 * FastCGI/SCGI/CGI gateways and the command line. It needs nothing beyond {@code java.base}.
 *
 * <p>The command line loads an application by name ({@code CLASS::member}) with reflection; an
 * application in a named module of its own must export (or open) that package to {@code io.wsgi4j}.
 *
 * @since 0.2
 */
module io.wsgi4j {
    exports io.wsgi4j;
    exports io.wsgi4j.handler;
    exports io.wsgi4j.server;
    exports io.wsgi4j.gateway;
    exports io.wsgi4j.cli;
}
