// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
