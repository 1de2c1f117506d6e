// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wsgi4j.Header;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AdapterSupportTest {

    /** Raw path as received, the path the engine routed (its decoded string), and whether wsgi4j may split the raw one. */
    @ParameterizedTest(name = "{0} routed as {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // the engine changed nothing: the raw path is the routed one
        "/a/b                | /a/b               | true",
        "/a%20b              | /a b               | true",
        "/p/%78              | /p/x               | true",
        "/p/%C3%A9           | /p/\u00e9          | true",
        // Jetty keeps a literal "%" and ";" encoded in its path: each escape matches what it decodes to
        "/p/a%25b            | /p/a%25b           | true",
        "/p/a%3Bb            | /p/a%3Bb           | true",
        // an encoded "/" was routed as part of a segment, whether the engine kept it or decoded it after routing
        "/admin%2Fx          | /admin%2Fx         | false",
        "/admin%2Fx          | /admin/x           | false",
        "/admin%2fx          | /admin%2fx         | false",
        "/admin%2Fx          | /admin%2fx         | false",
        "/p%2F..%2Fadmin/x   | /p%2F..%2Fadmin/x  | false",
        // the engine resolved dot-segments or dropped path parameters: its path, not the raw one
        "/admin/../public/x  | /public/x          | false",
        "/admin/%2e%2e/x     | /x                 | false",
        "/ctx;v=1/env        | /ctx/env           | false",
        // a "%" the engine decoded (Tomcat) that then reads as an escape is not what the raw path decodes to
        "/a%2541             | /a%41              | false",
        "/a%252F             | /a%2F              | false",
        // a different length either way
        "/a/b                | /a/b/              | false",
        "/a/b/               | /a/b               | false",
    })
    void theRawPathIsSplitOnlyWhenItDecodesToTheRoutedPathWithNoEncodedSlash(String raw, String routed,
            boolean expected) {
        assertEquals(expected, AdapterSupport.rawIsRouted(raw, routed));
    }

    @Test
    void noRawPathIsNotRouted() {
        assertFalse(AdapterSupport.rawIsRouted(null, "/"));
    }

    /** Raw path, the engine's decoded split, and the split with the encoded "/" put back ("null" when unknown). */
    @ParameterizedTest(name = "{0} as {1} + {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "/ctx/admin%2Fx          | /ctx     | /admin/x       | /ctx     | /admin%2Fx",
        "/ctx/admin%2fx          | /ctx     | /admin/x       | /ctx     | /admin%2fx",
        "/ctx/app/env/a%2Fb%2Fc  | /ctx/app | /env/a/b/c     | /ctx/app | /env/a%2Fb%2Fc",
        "/ctx/app/%C3%A9%2F%41   | /ctx/app | /é/A      | /ctx/app | /é%2FA",
        "/ctx%2F                 | /ctx     | /              | /ctx     | %2F",
        "/ctx/a%2Fb              | /ctx/a   | /b             | /ctx/a   | %2Fb",
        // the engine resolved a dot-segment too: where the encoded "/" was is unknown
        "/ctx/./admin%2Fx        | /ctx     | /admin/x       | null     | null",
        "/ctx;v=1/admin%2Fx      | /ctx     | /admin/x       | null     | null",
        "/ctx/admin%2Fx          | /ctx     | /admin/y       | null     | null",
    })
    void anEncodedSlashIsPutBackWhereItWasReceived(String raw, String script, String rest, String keptScript,
            String keptRest) {
        String[] kept = AdapterSupport.withEncodedSlashes(raw, script, rest);
        if (keptScript == null) {
            assertNull(kept);
        } else {
            assertArrayEquals(new String[] {keptScript, keptRest}, kept);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"/a/b | /a/b", "/\u00e9 | /\u00c3\u00a9", "/\u65e5 | /\u00e6\u0097\u00a5"})
    void bytesAreTheUtf8OfTheEnginesStringOneCharPerByte(String decoded, String bytes) {
        assertEquals(bytes, AdapterSupport.bytes(decoded));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/a%2Fb | true", "/a%2fb | true", "/a/b | false", "/a%25b | false", "/a%2 | false", "%2F | true"})
    void anEncodedSlashIsFoundInEitherCase(String path, boolean expected) {
        assertEquals(expected, AdapterSupport.hasEncodedSlash(path));
    }

    @Test
    void onlyTheFirstDateAndServerReplaceTheEnginesFieldsEverythingElseIsAdded() {
        List<Header> app = List.of(Header.of("date", "d1"), Header.of("Set-Cookie", "app=1"), Header.of("Vary", "Cookie"),
                Header.of("Server", "shop"), Header.of("Date", "d2"), Header.of("Content-Type", "text/plain"));
        // the engine (or a handler in front) has set all of these
        Set<String> engine = Set.of("date", "server", "set-cookie", "vary", "content-type");
        boolean[] replaces = AdapterSupport.replacesEngineField(app, name -> engine.contains(name.toLowerCase()));
        assertArrayEquals(new boolean[] {true, false, false, true, false, false}, replaces);
    }

    @Test
    void aDateTheEngineDidNotSetIsAdded() {
        List<Header> app = List.of(Header.of("Date", "d1"), Header.of("Server", "shop"));
        assertArrayEquals(new boolean[] {false, false}, AdapterSupport.replacesEngineField(app, name -> false));
    }

    @ParameterizedTest(name = "Host {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "x          | true",
        "x:8080     | true",
        "x:0        | true",
        "x:65535    | true",
        "[::1]:443  | true",
        "x:65536    | false",
        "x:99999    | false",
        "x:+80      | false",
        "x:8O       | false",
    })
    void serverPortProblemNamesAHostWhosePortIsNoPortR2_10(String host, boolean fine) {
        io.wsgi4j.Environ environ = new EnvironBuilder().header("Host", host).build();
        String problem = AdapterSupport.serverPortProblem(environ);
        if (fine) {
            assertNull(problem);
        } else {
            assertEquals("invalid port in Host \"" + host + "\" (expected host or host:port with a port from 0 to 65535)",
                    problem);
        }
    }

    @ParameterizedTest(name = "{0}: REMOTE_ADDR {1}, SERVER_NAME {2}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1           | 127.0.0.1        | 127.0.0.1",
        "[0:0:0:0:0:0:0:1]   | 0:0:0:0:0:0:0:1  | [0:0:0:0:0:0:0:1]",
        "0:0:0:0:0:0:0:1     | 0:0:0:0:0:0:0:1  | [0:0:0:0:0:0:0:1]",
        "[::1]               | ::1              | [::1]",
        "localhost           | localhost        | localhost",
    })
    void engineAddressesAreWrittenAsRfc3875WritesThem(String engine, String remoteAddr, String serverName) {
        assertEquals(remoteAddr, AdapterSupport.remoteAddr(engine));
        assertEquals(serverName, AdapterSupport.serverName(engine));
    }
}
