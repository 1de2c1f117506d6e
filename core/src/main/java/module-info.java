// SPDX-License-Identifier: Apache-2.0
/**
 * wsgi4j core: the protocol ({@code io.wsgi4j}), the request algorithm every transport runs
 * ({@code io.wsgi4j.handler}, the SPI a transport extends), the reference HTTP/1.1 server, the
 * FastCGI/SCGI/CGI gateways, the command line, and request observation ({@code io.wsgi4j.observe}:
 * a JFR event per request and a hook for metrics). It needs nothing beyond the JDK's own modules.
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
    exports io.wsgi4j.observe;

    // RequestEvent, part of the observe API, is a JFR event: whoever uses it reads jdk.jfr too
    requires transitive jdk.jfr;
}
