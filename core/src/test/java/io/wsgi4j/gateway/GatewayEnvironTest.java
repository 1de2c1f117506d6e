// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Environ;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayEnvironTest {
    private static Environ build(Map<String, String> vars, boolean cgi) {
        return GatewayEnviron.build(vars, InputStream.nullInputStream(), System.err, cgi);
    }

    @Test
    void passesEveryVariableThroughUnchanged() {
        Map<String, String> vars = Map.of("SCRIPT_NAME", "/app", "PATH_INFO", "/x", "HTTP_X_ODD", "\u00ff",
                "DOCUMENT_ROOT", "/srv", "CONTENT_LENGTH", "");
        Environ env = build(vars, false);
        vars.forEach((k, v) -> assertEquals(v, env.get(k), k));
        assertEquals(Environ.VERSION, env.get(Environ.WSGI_VERSION));
    }

    @ParameterizedTest
    @CsvSource({
        // SCRIPT_NAME, DOCUMENT_URI, REQUEST_URI,   SCRIPT_NAME', PATH_INFO'
        "'',            /a/b,         /a/b?q,        '',           /a/b",
        "/a/b,          /a/b,         /a/b,          '',           /a/b",
        "/app,          /app/x,       /app/x,        /app,         /x",
        "/app/,         /app/x,       /app/x,        /app,         /x",
        "/ap,           /app/x,       /app/x,        '',           /app/x",
        "'',            '',           /a%20b?x=1,    '',           /a b",
    })
    void derivesPathInfoWhenTheWebServerSentNone(String script, String documentUri, String requestUri,
            String expectedScript, String expectedPath) {
        Map<String, String> vars = new HashMap<>();
        vars.put("SCRIPT_NAME", script);
        vars.put("DOCUMENT_URI", documentUri);
        vars.put("REQUEST_URI", requestUri);
        Environ env = build(vars, false);
        assertEquals(expectedScript, env.scriptName());
        assertEquals(expectedPath, env.pathInfo());
    }

    @Test
    void leavesPathInfoEmptyUnderCgiWhenTheServerSentNone() {
        Environ env = build(Map.of("SCRIPT_NAME", "/cgi-bin/app", "REQUEST_URI", "/cgi-bin/app"), true);
        assertEquals("/cgi-bin/app", env.scriptName());
        assertEquals("", env.pathInfo());
        assertEquals(true, env.runOnce());
    }

    @ParameterizedTest(name = "cgi={0}")
    @CsvSource({"false", "true"})
    void givesPathInfoSlashWhenTheWebServerSentNoPathAtAllR2_6(boolean cgi) {
        // a minimal SCGI or FastCGI request (no SCRIPT_NAME, PATH_INFO, DOCUMENT_URI or REQUEST_URI)
        Environ env = build(Map.of("REQUEST_METHOD", "GET"), cgi);
        assertEquals("", env.scriptName());
        assertEquals("/", env.pathInfo());
    }

    @ParameterizedTest
    @CsvSource({
        "HTTPS,          on,    https",
        "HTTPS,          1,     https",
        "HTTPS,          off,   http",
        "REQUEST_SCHEME, https, https",
        "REQUEST_SCHEME, http,  http",
    })
    void takesTheSchemeFromHttpsOrRequestScheme(String key, String value, String scheme) {
        assertEquals(scheme, build(Map.of(key, value), false).urlScheme());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // nginx's $server_protocol is "" for an HTTP/0.9 request; RFC 3875 section 4.1.16 has "INCLUDED"
        "'',         HTTP/1.0",
        "INCLUDED,   HTTP/1.0",
        "HTTP/1.1x,  HTTP/1.0",
        "http/1.1,   HTTP/1.0",
        "HTTP/1.1,   HTTP/1.1",
        "HTTP/2.0,   HTTP/2.0",
        "HTTP/3,     HTTP/3",
    })
    void givesAServerProtocolThatIsNotAnHttpVersionTheDefaultR2_11(String sent, String expected) {
        assertEquals(expected, build(Map.of("SERVER_PROTOCOL", sent, "REQUEST_URI", "/"), false).get("SERVER_PROTOCOL"));
        assertEquals(expected, build(Map.of("SERVER_PROTOCOL", sent), true).get("SERVER_PROTOCOL"));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        // sent (\\r \\n \\0 \\t spelled out)  | the environ's value
        "'  a b  '                        | a b",
        "'\\ta\\t'                          | a",
        "'a\\r\\nX-Injected: 1'             | a  X-Injected: 1",
        "'a\\0b'                           | a b",
        "'a\\r\\n'                          | a",
        "'\u00ff'                         | \u00ff",
        "''                              | ''",
    })
    void keepsHeaderValuesFreeOfEdgeSpacesAndLineBreaksR2_12(String sent, String expected) {
        String value = sent.replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0").replace("\\t", "\t");
        for (boolean cgi : new boolean[] {false, true}) {
            Environ env = build(Map.of("HTTP_X_A", value, "SERVER_SOFTWARE", value), cgi);
            assertEquals(expected, env.get("HTTP_X_A"));
            assertEquals(value, env.get("SERVER_SOFTWARE"), "only request headers' values are rewritten");
        }
    }

    @Test
    void dropsTheHeaderNamesOfContentTypeAndLengthKeepingTheCgiNamesR2_9() {
        // nginx passes every request header, these two included, beside its CONTENT_* params
        Environ env = build(Map.of("CONTENT_TYPE", "text/plain", "CONTENT_LENGTH", "5",
                "HTTP_CONTENT_TYPE", "text/plain", "HTTP_CONTENT_LENGTH", "5"), false);
        assertFalse(env.containsKey("HTTP_CONTENT_TYPE"));
        assertFalse(env.containsKey("HTTP_CONTENT_LENGTH"));
        assertEquals("text/plain", env.get("CONTENT_TYPE"));
        assertEquals("5", env.get("CONTENT_LENGTH"));
    }

    @Test
    void movesTheHeaderNamesToTheCgiNamesWhenTheWebServerSentNoCgiName() {
        Environ env = build(Map.of("HTTP_CONTENT_TYPE", "text/plain", "HTTP_CONTENT_LENGTH", "5"), false);
        assertEquals("text/plain", env.get("CONTENT_TYPE"));
        assertEquals("5", env.get("CONTENT_LENGTH"));
        assertFalse(env.containsKey("HTTP_CONTENT_LENGTH"));
    }

    @ParameterizedTest
    @CsvSource({
        // SERVER_NAME, SERVER_PORT, HTTP_HOST,          HTTPS, SERVER_NAME', SERVER_PORT'
        "'',            8080,        example.com:8080,   '',    example.com,  8080",
        "'',            '',          example.com,        '',    example.com,  80",
        "'',            99999,       example.com,        on,    example.com,  443",
        "'',            x,           '[::1]:8443',       on,    '[::1]',      8443",
        "'',            80,          '',                 '',    10.0.0.1,     80",
        "app.example,   80,          other.example:81,   '',    app.example,  80",
    })
    void fillsAnEmptyServerNameAndABadPortFromTheHostR2_10(String name, String port, String host, String https,
            String expectedName, String expectedPort) {
        Map<String, String> vars = new HashMap<>();
        vars.put("SERVER_NAME", name); // nginx sends "" for a server block without server_name
        vars.put("SERVER_PORT", port);
        vars.put("SERVER_ADDR", "10.0.0.1");
        if (!host.isEmpty()) {
            vars.put("HTTP_HOST", host);
        }
        if (!https.isEmpty()) {
            vars.put("HTTPS", https);
        }
        Environ env = build(vars, false);
        assertEquals(expectedName, env.serverName());
        assertEquals(expectedPort, env.serverPort());
    }

    @Test
    void derivesThePathWhenPathInfoIsEmptyAndThereIsNoScriptNameR2_6() {
        // nginx's "fastcgi_param PATH_INFO $fastcgi_path_info" without fastcgi_split_path_info sends ""
        Environ env = build(Map.of("PATH_INFO", "", "DOCUMENT_URI", "/env", "REQUEST_URI", "/env?x=1"), false);
        assertEquals("", env.scriptName());
        assertEquals("/env", env.pathInfo());
        assertEquals("/env?x=1", env.rawTarget());
    }

    @Test
    void keepsAnEmptyPathInfoUnderAScriptName() {
        Environ env = build(Map.of("SCRIPT_NAME", "/app", "PATH_INFO", "", "REQUEST_URI", "/app"), false);
        assertEquals("/app", env.scriptName());
        assertEquals("", env.pathInfo());
    }

    @Test
    void leavesTheRawTargetOutAfterAWebServerRewriteR2_16() {
        Environ env = build(Map.of("REQUEST_URI", "/old/env?x=1", "DOCUMENT_URI", "/env"), false);
        assertEquals("/env", env.pathInfo());
        assertNull(env.rawTarget());
    }

    @Test
    void keepsTheRawTargetWhenItMatchesTheDecodedPath() {
        Environ env = build(Map.of("REQUEST_URI", "/a%2Fb?x=1", "DOCUMENT_URI", "/a/b"), false);
        assertEquals("/a%2Fb?x=1", env.rawTarget());
    }

    @Test
    void dropsTheWebServersNamesInTheGatewaysNamespaces() {
        Environ env = build(Map.of("wsgi4j.not_mine", "x", "wsgi.run_once", "yes", "REQUEST_URI", "/"), false);
        assertNull(env.get("wsgi4j.not_mine"));
        assertEquals(false, env.runOnce());
    }

    @ParameterizedTest(name = "cgi={0}")
    @CsvSource({"false", "true"})
    void anEmptyRemoteUserMeansNobodyLoggedIn(boolean cgi) {
        // nginx's stock fastcgi_params and scgi_params send REMOTE_USER $remote_user, "" for a visitor
        Environ visitor = build(Map.of("REMOTE_USER", "", "AUTH_TYPE", "", "REQUEST_URI", "/"), cgi);
        Environ member = build(Map.of("REMOTE_USER", "alice", "AUTH_TYPE", "Basic", "REQUEST_URI", "/"), cgi);

        assertNull(visitor.remoteUser());
        assertFalse(visitor.containsKey(Environ.REMOTE_USER));
        assertFalse(visitor.containsKey("AUTH_TYPE"));
        assertEquals("alice", member.remoteUser());
        assertEquals("Basic", member.get("AUTH_TYPE"));
    }

    @ParameterizedTest(name = "cgi={0}")
    @CsvSource({"false", "true"})
    void dropsNamesThatAreNeitherCgiNamesNorNamespacedR2_2(boolean cgi) {
        // a CGI program inherits the environment fcgiwrap or Apache runs with (http_proxy, no_proxy), and
        // Apache passes its own variables (proxy-nokeepalive) to FastCGI and SCGI backends
        Map<String, String> vars = Map.of("http_proxy", "http://proxy:3128", "proxy-nokeepalive", "1",
                "Mixed_Case", "x", "", "empty name", "PATH", "/usr/bin", "myapp.flag", "on", "REQUEST_URI", "/");
        Environ env = build(vars, cgi);
        for (String dropped : new String[] {"http_proxy", "proxy-nokeepalive", "Mixed_Case", ""}) {
            assertFalse(env.containsKey(dropped), dropped);
        }
        assertEquals("/usr/bin", env.get("PATH"));
        assertEquals("on", env.get("myapp.flag"));
    }

    @ParameterizedTest(name = "cgi={0}")
    @CsvSource({"false", "true"})
    void dropsARequestHeaderWhoseNameHoldsADotAsTheHttpServerDoes(boolean cgi) {
        // nginx with ignore_invalid_headers off passes header X.Y as HTTP_X.Y: SPEC.md section 2 drops such
        // a header, whose key would pass for a namespaced extension key, as the reference server does
        Environ env = build(Map.of("HTTP_X.Y", "dotted", "HTTP_X_OK", "kept", "myapp.flag", "on", "REQUEST_URI", "/"),
                cgi);
        assertFalse(env.containsKey("HTTP_X.Y"));
        assertEquals("kept", env.get("HTTP_X_OK"));
        assertEquals("on", env.get("myapp.flag"));
    }

    @ParameterizedTest
    @CsvSource({"abc", "-5", "1.0", "' 5'"})
    void namesAContentLengthThatIsNotADecimalNumberAsTheProblem(String length) {
        String problem = GatewayEnviron.problem(Map.of("CONTENT_LENGTH", length));
        assertTrue(problem != null && problem.contains("CONTENT_LENGTH") && problem.contains(length.strip()), problem);
        assertEquals(-1, GatewayEnviron.declaredLength(length));
    }

    @Test
    void namesAMethodThatIsNotATokenAsTheProblem() {
        String problem = GatewayEnviron.problem(Map.of("REQUEST_METHOD", "G T"));
        assertTrue(problem != null && problem.contains("REQUEST_METHOD"), problem);
    }

    @Test
    void findsNoProblemInAnOrdinaryRequest() {
        assertNull(GatewayEnviron.problem(Map.of("CONTENT_LENGTH", "", "REQUEST_METHOD", "POST")));
        assertNull(GatewayEnviron.problem(Map.of("CONTENT_LENGTH", "12")));
        assertEquals(Long.MAX_VALUE, GatewayEnviron.declaredLength("1234567890123456789012"));
        assertEquals(12, GatewayEnviron.declaredLength("12"));
    }
}
