// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.gateway.GatewayConfig;
import io.wsgi4j.server.ServerConfig;
import io.wsgi4j.server.ThreadMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OptionsTest {
    @Test
    void hasDefaultsForEverythingButTheApplication() {
        Options o = Options.parse("com.example.Hello::app");
        assertEquals("com.example.Hello::app", o.app());
        assertEquals("0.0.0.0", o.host());
        assertEquals(8000, o.port());
        assertEquals(ThreadMode.AUTO, o.threadMode());
        assertEquals(-1, o.workers());
        assertFalse(o.debug());
        assertFalse(o.demo());
        assertEquals("http", o.transport());
    }

    @Test
    void readsOptionsInBothSpellings() {
        Options o = Options.parse("--host", "127.0.0.1", "--port=9000", "--threads", "32", "--debug", "--demo");
        assertNull(o.app());
        assertTrue(o.demo());
        assertEquals("127.0.0.1", o.host());
        assertEquals(9000, o.port());
        assertEquals(ThreadMode.PLATFORM, o.threadMode());
        assertEquals(32, o.workers());
        assertTrue(o.debug());
    }

    @Test
    void choosesAGatewayTransportWithItsAddress() {
        Options fastcgi = Options.parse("--fastcgi", "127.0.0.1:9000", "a::b");
        assertEquals("fastcgi", fastcgi.transport());
        assertEquals(GatewayAddress.tcp("127.0.0.1", 9000), fastcgi.gatewayAddress());
        assertEquals(GatewayAddress.inherited(), Options.parse("--fastcgi=inherited", "a::b").gatewayAddress());
        Options scgi = Options.parse("--scgi", "unix:/tmp/app.sock", "a::b");
        assertEquals("scgi", scgi.transport());
        assertEquals(GatewayAddress.unix(Path.of("/tmp/app.sock")), scgi.gatewayAddress());
        Options cgi = Options.parse("--cgi", "a::b");
        assertEquals("cgi", cgi.transport());
        assertNull(cgi.gatewayAddress());
    }

    @Test
    void needsNoApplicationForHelp() {
        assertTrue(Options.parse("--help").help());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                          | no application given
            --port                      | --port needs a value
            --port 99999 --demo         | --port must be a number 0..65535, got "99999"
            --port x --demo             | --port must be a number 0..65535, got "x"
            --threads 0 --demo          | --threads must be auto, virtual, platform or a pool size of at least 1, got "0"
            --bogus --demo              | unknown option "--bogus"
            a::b c::d                   | one application expected, got "a::b" and "c::d"
            a::b --demo                 | give an application or --demo, not both
            --fastcgi 1.2.3.4:9 --cgi a::b | one transport expected, got --fastcgi and --cgi
            --scgi inherited a::b       | --scgi takes HOST:PORT or unix:PATH, got "inherited"
            --fastcgi                   | --fastcgi needs a value
            """)
    void explainsWhatIsWrong(String args, String message) {
        String[] argv = args.isEmpty() ? new String[0] : args.split(" ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse(argv));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    // ------------------------------------------------------------------ limits, environment, --demo

    @Test
    void setsEveryServerLimitFromItsOption() {
        Options o = Options.parse(Map.of(), "a::b", "--max-request-line-bytes", "4K", "--max-header-bytes=8192",
                "--max-header-count", "10", "--max-body-bytes", "1M", "--max-drain-bytes", "0",
                "--header-timeout", "500ms", "--idle-timeout", "2m", "--body-timeout", "7",
                "--max-requests-per-connection", "0", "--shutdown-grace", "3s", "--min-body-rate", "1K");
        ServerConfig c = o.serverConfig();
        assertEquals(1024, c.minBodyRate());
        assertEquals(4096, c.maxRequestLineBytes());
        assertEquals(8192, c.maxHeaderBytes());
        assertEquals(10, c.maxHeaderCount());
        assertEquals(1 << 20, c.maxBodyBytes());
        assertEquals(0, c.maxDrainBytes());
        assertEquals(Duration.ofMillis(500), c.headerTimeout());
        assertEquals(Duration.ofMinutes(2), c.idleTimeout());
        assertEquals(Duration.ofSeconds(7), c.bodyTimeout());
        assertEquals(0, c.maxRequestsPerConnection());
        assertEquals(Duration.ofSeconds(3), c.shutdownGrace());
    }

    @Test
    void leavesTheDefaultsAloneWithoutLimitOptions() {
        ServerConfig c = Options.parse(Map.of(), "a::b", "--threads", "8", "--debug").serverConfig();
        ServerConfig expected = ServerConfig.builder().threadMode(ThreadMode.PLATFORM).workers(8).debug(true).build();
        assertEquals(expected.toString(), c.toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Limit.class)
    void listsEveryLimitInTheHelpWithItsVariable(Limit limit) {
        assertTrue(Options.USAGE.contains("  " + limit.option() + " "), limit.option() + " missing from --help");
        assertTrue(limit.variable().startsWith("WSGI4J_") && limit.variable().endsWith(limit.name()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --max-body-bytes lots a::b          | --max-body-bytes must be a byte count such as 65536, 64K or 16M, got "lots"
            --max-body-bytes -1 a::b            | --max-body-bytes must be a byte count such as 65536, 64K or 16M, got "-1"
            --max-header-count 20000 a::b       | --max-header-count: maxHeaderCount must be between 0 and 10000, got 20000
            --idle-timeout soon a::b            | --idle-timeout must be a time such as 500ms, 30s, 2m or 30 (seconds), got "soon"
            --header-timeout 0s a::b            | --header-timeout: headerTimeout must be positive
            --idle-timeout 9999999999999 a::b   | --idle-timeout: idleTimeout must be at most 24 hours
            --header-timeout 999999999999999999m a::b | --header-timeout must be at most 24 hours, got "999999999999999999m"
            --shutdown-grace 86401 a::b         | --shutdown-grace: shutdownGrace must be at most 24 hours
            --max-header-bytes 3G a::b          | --max-header-bytes must be at most 2147483647, got "3G"
            --access-log                        | --access-log needs a value
            """)
    void explainsABadLimitNamingTheOptionAndTheValue(String args, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of(), args.split(" ")));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void refusesAPoolLargerThanTheMostNamingTheOptionOrVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of(), "--threads", "100001", "a::b"));
        assertTrue(e.getMessage().startsWith("--threads: workers must be between 1 and 100000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of("WSGI4J_THREADS", "200000"), "a::b", "--fastcgi", "127.0.0.1:0"));
        assertTrue(e.getMessage().startsWith("WSGI4J_THREADS: workers must be between 1 and 100000"), e.getMessage());
        assertEquals(100_000, Options.parse(Map.of(), "--threads", "100000", "a::b").serverConfig().workers());
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void refusesVirtualThreadsBeforeJava21NamingTheVariableExceptForCgi() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of("WSGI4J_THREADS", "virtual"), "a::b", "--scgi", "127.0.0.1:0"));
        assertTrue(e.getMessage().startsWith("WSGI4J_THREADS=virtual needs Java 21 or later"), e.getMessage());
        // CGI serves one request on the main thread: the variable is ignored there, as any other it has no use for
        assertEquals("cgi", Options.parse(Map.of("WSGI4J_THREADS", "virtual"), "a::b", "--cgi").transport());
    }

    @Test
    void readsPortFromPortAndWsgi4jPortWithTheCommandLineWinning() {
        assertEquals(9100, Options.parse(Map.of("PORT", "9100"), "a::b").port());
        assertEquals(9200, Options.parse(Map.of("PORT", "9100", "WSGI4J_PORT", "9200"), "a::b").port());
        assertEquals(9300, Options.parse(Map.of("PORT", "9100", "WSGI4J_PORT", "9200"), "a::b", "--port", "9300")
                .port());
    }

    @Test
    void readsOtherOptionsAndLimitsFromWsgi4jVariables() {
        Options o = Options.parse(Map.of("WSGI4J_HOST", "127.0.0.2", "WSGI4J_THREADS", "platform",
                "WSGI4J_ACCESS_LOG", "-", "WSGI4J_MAX_BODY_BYTES", "2M", "WSGI4J_IDLE_TIMEOUT", "5s"), "a::b");
        assertEquals("127.0.0.2", o.host());
        assertEquals(ThreadMode.PLATFORM, o.threadMode());
        assertEquals("-", o.accessLog());
        assertEquals(2 << 20, o.serverConfig().maxBodyBytes());
        assertEquals(Duration.ofSeconds(5), o.serverConfig().idleTimeout());
        Options overridden = Options.parse(Map.of("WSGI4J_MAX_BODY_BYTES", "2M"), "a::b", "--max-body-bytes", "1K");
        assertEquals(1024, overridden.serverConfig().maxBodyBytes());
    }

    @Test
    void aBadVariableTheCommandLineOverridesOrTheTransportDoesNotUseStopsNothing() {
        // the command line wins over the environment: a variable it overrides does not count
        assertEquals(0, Options.parse(Map.of("PORT", ""), "a::b", "--port", "0").port());
        assertEquals(1024, Options.parse(Map.of("WSGI4J_MAX_BODY_BYTES", "lots"), "a::b", "--max-body-bytes", "1K")
                .serverConfig().maxBodyBytes());
        // the environment may serve several processes: a variable this transport has no use for is ignored
        assertEquals("http", Options.parse(Map.of("WSGI4J_MAX_PARAMS_BYTES", "big", "WSGI4J_ALLOWED_PEERS", ""),
                "a::b").transport());
        assertEquals("fastcgi", Options.parse(Map.of("WSGI4J_MAX_HEADER_COUNT", "many", "PORT", "web"), "a::b",
                "--fastcgi", "127.0.0.1:0").transport());
        assertEquals("cgi", Options.parse(Map.of("WSGI4J_BODY_TIMEOUT", "forever", "WSGI4J_READINESS_PATH", "up"),
                "a::b", "--cgi").transport());
        // a bad variable the transport uses is still refused, naming it
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of("WSGI4J_MAX_PARAMS_BYTES", "big"), "a::b", "--scgi", "127.0.0.1:0"));
        assertTrue(e.getMessage().startsWith("WSGI4J_MAX_PARAMS_BYTES must be a byte count"), e.getMessage());
    }

    @Test
    void namesTheVariableABadValueCameFrom() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of("PORT", "http"), "a::b"));
        assertEquals("PORT must be a number 0..65535, got \"http\"", port.getMessage());
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of("WSGI4J_BODY_TIMEOUT", "forever"), "a::b"));
        assertTrue(limit.getMessage().startsWith("WSGI4J_BODY_TIMEOUT must be a time"), limit.getMessage());
    }

    @Test
    void listensOnlyOnLoopbackForTheDemoUnlessAHostIsGiven() {
        // the demo echoes the whole environ, cookies and all
        assertEquals("127.0.0.1", Options.parse(Map.of(), "--demo").host());
        assertEquals("0.0.0.0", Options.parse(Map.of(), "--demo", "--host", "0.0.0.0").host());
        assertEquals("::", Options.parse(Map.of("WSGI4J_HOST", "::"), "--demo").host());
        assertEquals("0.0.0.0", Options.parse(Map.of(), "a::b").host());
    }

    @Test
    void takesAnAccessLogFileOrDash() {
        assertEquals("/var/log/app.log", Options.parse(Map.of(), "a::b", "--access-log", "/var/log/app.log").accessLog());
        assertEquals("-", Options.parse(Map.of(), "a::b", "--access-log=-").accessLog());
        assertNull(Options.parse(Map.of(), "a::b").accessLog());
    }

    // ------------------------------------------------------------------ the gateways' limits

    @Test
    void setsEveryGatewayLimitFromItsOption() {
        GatewayConfig c = Options.parse(Map.of(), "a::b", "--fastcgi", "127.0.0.1:9000", "--max-params-bytes", "64K",
                "--max-params-records", "9", "--max-body-bytes", "1M", "--header-timeout", "500ms",
                "--idle-timeout", "2m", "--body-timeout", "7", "--max-connections", "12",
                "--max-multiplexed-requests", "3", "--shutdown-grace", "3s", "--threads", "5",
                "--readiness-path", "/ready", "--allowed-peers", "10.0.0.1,10.0.0.2",
                "--unix-socket-permissions", "rw-rw----").gatewayConfig();
        GatewayConfig expected = GatewayConfig.builder().maxParamsBytes(64 << 10).maxParamsRecords(9)
                .maxBodyBytes(1 << 20).headerTimeout(Duration.ofMillis(500)).idleTimeout(Duration.ofMinutes(2))
                .bodyTimeout(Duration.ofSeconds(7)).maxConnections(12).maxMultiplexedRequests(3)
                .shutdownGrace(Duration.ofSeconds(3)).threadMode(ThreadMode.PLATFORM).workers(5)
                .readinessPath("/ready").allowedPeers(List.of("10.0.0.1", "10.0.0.2"))
                .unixSocketPermissions("rw-rw----").build();
        assertEquals(expected, c);
    }

    @Test
    void setsTheServersConnectionLimitAndReadinessPath() {
        ServerConfig c = Options.parse(Map.of(), "a::b", "--max-connections", "100", "--readiness-path", "/ready")
                .serverConfig();
        assertEquals(100, c.maxConnections());
        assertEquals("/ready", c.readinessPath());
    }

    @Test
    void readsTheGatewayLimitsAndOptionsFromWsgi4jVariables() {
        GatewayConfig c = Options.parse(Map.of("WSGI4J_MAX_PARAMS_BYTES", "1K", "WSGI4J_MAX_MULTIPLEXED_REQUESTS", "2",
                "WSGI4J_IDLE_TIMEOUT", "5s", "WSGI4J_ALLOWED_PEERS", "10.0.0.9", "WSGI4J_UNIX_SOCKET_PERMISSIONS",
                "rw-------", "WSGI4J_READINESS_PATH", "/up", "WSGI4J_MAX_HEADER_COUNT", "7"),
                "a::b", "--scgi", "127.0.0.1:4000").gatewayConfig();
        assertEquals(1024, c.maxParamsBytes());
        assertEquals(2, c.maxMultiplexedRequests());
        assertEquals(Duration.ofSeconds(5), c.idleTimeout());
        assertEquals(List.of("10.0.0.9"), c.allowedPeers());
        assertEquals("rw-------", c.unixSocketPermissions());
        assertEquals("/up", c.readinessPath());
        // WSGI4J_MAX_HEADER_COUNT is the HTTP server's: ignored here, as the environment may serve both
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a::b --max-params-bytes 1K                              | --max-params-bytes is for the FastCGI and SCGI gateways; add --fastcgi ADDR or --scgi ADDR, or leave it out
            a::b --allowed-peers 10.0.0.1                           | --allowed-peers is for the FastCGI and SCGI gateways
            a::b --fastcgi 127.0.0.1:9000 --max-header-count 5      | --max-header-count is a limit of the HTTP server; behind --fastcgi the web server in front reads the HTTP request, so set that limit there
            a::b --max-drain-bytes 0 --scgi 127.0.0.1:4000          | --max-drain-bytes is a limit of the HTTP server; behind --scgi
            a::b --scgi 127.0.0.1:4000 --max-multiplexed-requests 2 | --max-multiplexed-requests is a FastCGI limit; SCGI carries one request per connection
            a::b --cgi --max-body-bytes 1K                          | --max-body-bytes does nothing with --cgi, which serves the one request in its environment
            a::b --fastcgi 127.0.0.1:9000 --max-multiplexed-requests 70000 | --max-multiplexed-requests: maxMultiplexedRequests must be between 1 and 65535, got 70000 (from "70000")
            a::b --fastcgi 127.0.0.1:9000 --unix-socket-permissions 660    | --unix-socket-permissions: unixSocketPermissions must look like "rw-rw----"
            a::b --readiness-path ready                             | --readiness-path: 
            --demo --fastcgi 127.0.0.1:0 --once --port 1234 --host 10.9.8.7 | --once is for the HTTP server; --fastcgi serves until it is stopped
            a::b --fastcgi 127.0.0.1:0 --port 1234                  | --port is for the HTTP server; --fastcgi listens on the address given to it (--fastcgi HOST:PORT)
            a::b --host 10.0.0.1 --scgi 127.0.0.1:4000              | --host is for the HTTP server; --scgi listens on the address given to it (--scgi HOST:PORT)
            a::b --scgi 127.0.0.1:4000 --debug                      | --debug is for the HTTP server's 500 pages; behind --scgi they show no details
            a::b --cgi --port 1234 --threads 4                      | --port does nothing with --cgi, which serves the one request in its environment
            a::b --cgi --threads 4                                  | --threads does nothing with --cgi
            a::b --readiness-path /up --cgi                         | --readiness-path does nothing with --cgi
            a::b --cgi --once                                       | --once does nothing with --cgi
            """)
    void refusesAnOptionTheTransportDoesNotHaveOrABadGatewayValue(String args, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of(), args.split(" ")));
        assertTrue(e.getMessage().startsWith(message.strip()), e.getMessage());
    }

    @Test
    void takesTheOptionsEachTransportHasAndVariablesItDoesNot() {
        assertEquals(4, Options.parse(Map.of(), "a::b", "--fastcgi", "127.0.0.1:0", "--threads", "4",
                "--readiness-path", "/up").workers());
        assertTrue(Options.parse(Map.of(), "a::b", "--host", "127.0.0.1", "--port", "0", "--once", "--debug").once());
        // the environment may serve several processes: a variable the transport does not use is no mistake
        assertEquals(4321, Options.parse(Map.of("WSGI4J_PORT", "4321", "WSGI4J_HOST", "10.0.0.1"), "a::b", "--cgi")
                .port());
    }

    @Test
    void keepsAFlagOnWhenItIsGivenTwice() {
        Options twice = Options.parse(Map.of(), "a::b", "--debug", "--once", "--debug", "--once");
        assertTrue(twice.debug());
        assertTrue(twice.once());
        assertTrue(twice.serverConfig().debug());
        Options otherOrder = Options.parse(Map.of(), "a::b", "--once", "--debug", "--once", "--debug");
        assertTrue(otherOrder.debug());
        assertTrue(otherOrder.once());
        // still refused with a transport that has no use for it, however often it is given
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of(), "a::b", "--once", "--once", "--scgi", "127.0.0.1:4000"));
        assertTrue(e.getMessage().startsWith("--once is for the HTTP server"), e.getMessage());
    }

    @Test
    void marksInTheHelpWhichTransportsHaveALimit() {
        assertTrue(Options.USAGE.contains("[FastCGI]") && Options.USAGE.contains("[HTTP]")
                && Options.USAGE.contains("[gateways]"), Options.USAGE);
        for (String option : List.of("--readiness-path", "--allowed-peers", "--unix-socket-permissions")) {
            assertTrue(Options.USAGE.contains("  " + option + " "), option + " missing from --help");
        }
    }
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            localhost
            127.0.0.1:9000
            10.0.0.0/8
            127.000.000.001
            10.0.0.1,nginx.internal
            ::1::2
            """)
    void refusesAnAllowedPeerThatIsNoIpAddressInsteadOfRefusingEveryConnection(String peers) {
        // the gateway compares a peer's address with the list as written: a host name, a port or a range
        // matches no connection, so the gateway would start and then refuse every request
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of(), "a::b", "--fastcgi", "127.0.0.1:9000", "--allowed-peers", peers));
        assertTrue(e.getMessage().startsWith("--allowed-peers takes IP addresses"), e.getMessage());
        IllegalArgumentException fromVariable = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of("WSGI4J_ALLOWED_PEERS", peers), "a::b", "--scgi", "127.0.0.1:4000"));
        assertTrue(fromVariable.getMessage().startsWith("WSGI4J_ALLOWED_PEERS takes IP addresses"),
                fromVariable.getMessage());
    }

    @Test
    void acceptsIpv4AndIpv6AllowedPeers() {
        assertEquals(List.of("10.0.0.1", "::1", "fe80::1%eth0", "2001:DB8::7", "::ffff:10.0.0.2"),
                Options.parse(Map.of(), "a::b", "--fastcgi", "127.0.0.1:9000", "--allowed-peers",
                        "10.0.0.1, ::1,fe80::1%eth0,2001:DB8::7,::ffff:10.0.0.2").gatewayConfig().allowedPeers());
    }
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --fastcgi | 127.0.0.1:99999
            --scgi    | bad
            --fastcgi | unix:
            """)
    void aBadGatewayAddressNamesTheOption(String option, String address) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(Map.of(), "a::b", option, address));
        assertTrue(e.getMessage().startsWith(option + ": "), e.getMessage());
    }
}
