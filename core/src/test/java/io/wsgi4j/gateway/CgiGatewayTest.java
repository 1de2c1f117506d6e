// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgiGatewayTest {
    private static final Map<String, String> GET = Map.of("REQUEST_METHOD", "GET", "SCRIPT_NAME", "/cgi-bin/app",
            "PATH_INFO", "/x", "QUERY_STRING", "a=1", "SERVER_NAME", "localhost", "SERVER_PORT", "80",
            "SERVER_PROTOCOL", "HTTP/1.1");

    private static String run(Application app, Map<String, String> env, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CgiGateway.run(app, env, new ByteArrayInputStream(stdin), out, new PrintStream(new ByteArrayOutputStream()));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void servesOneRequestFromTheEnvironmentAndStdin() {
        Map<String, String> env = new HashMap<>(GET);
        env.put("REQUEST_METHOD", "POST");
        env.put("CONTENT_LENGTH", "4");
        Application app = (e, sr) -> {
            sr.start("201 Created", Headers.of("Content-Type", "text/plain"));
            return Body.of(e.scriptName() + e.pathInfo() + "?" + e.queryString() + " "
                    + new String(e.input().readAllBytes(), StandardCharsets.US_ASCII));
        };
        assertEquals("Status: 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 23\r\n\r\n"
                + "/cgi-bin/app/x?a=1 body", run(app, env, "body and more".getBytes()));
    }

    @Test
    void marksTheEnvironAsRunOnceAndMultiprocess() {
        Environ[] seen = new Environ[1];
        run((e, sr) -> {
            seen[0] = e;
            sr.start("200 OK", Headers.of());
            return Body.empty();
        }, GET, new byte[0]);
        assertTrue(seen[0].runOnce());
        assertTrue(seen[0].multiprocess());
        assertEquals(false, seen[0].multithread());
    }

    @Test
    void flushesEachStreamedChunkToStdout() {
        List<String> flushed = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                flushed.add(toString(StandardCharsets.ISO_8859_1));
            }
        };
        Application app = (e, sr) -> {
            sr.start("200 OK", Headers.of());
            return () -> List.of("one".getBytes(), "two".getBytes()).iterator(); // not a Collection: streamed
        };
        CgiGateway.run(app, GET, new ByteArrayInputStream(new byte[0]), out, System.err);
        assertTrue(flushed.stream().anyMatch(s -> s.endsWith("\r\n\r\none")), flushed.toString());
        assertTrue(flushed.stream().anyMatch(s -> s.endsWith("onetwo")), flushed.toString());
    }

    @Test
    void aReadOfNoBytesReturnsZeroAlsoAtTheEndOfTheBody() {
        Map<String, String> env = new HashMap<>(GET);
        env.put("REQUEST_METHOD", "POST");
        env.put("CONTENT_LENGTH", "2");
        Application app = (e, sr) -> {
            byte[] b = new byte[4];
            // InputStream.read: "if len is zero, then no bytes are read and 0 is returned", at the end too
            String reads = e.input().read(b, 0, 0) + "," + e.input().read(b, 0, 4) + "," + e.input().read(b, 0, 0)
                    + "," + e.input().read(b, 0, 4);
            sr.start("200 OK", Headers.of());
            return Body.of("[" + reads + "]");
        };
        assertTrue(run(app, env, "ab".getBytes()).endsWith("[0,2,0,-1]"), () -> run(app, env, "ab".getBytes()));
    }

    @Test
    void givesAnEmptyBodyWhenNoContentLengthIsSet() {
        assertTrue(run((e, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.of("[" + e.input().readAllBytes().length + "]");
        }, GET, "ignored".getBytes()).endsWith("[0]"));
    }

    @Test
    void readsTheBodyByTheContentLengthHeaderWhenTheServerSentNoCgiNameR2_15() {
        // the environ gives HTTP_CONTENT_LENGTH's value as CONTENT_LENGTH: wsgi.input must hold that body
        assertTrue(run((e, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.of(e.contentLength() + " [" + new String(e.input().readAllBytes(), StandardCharsets.US_ASCII) + "]");
        }, Map.of("REQUEST_METHOD", "POST", "HTTP_CONTENT_LENGTH", "3"), "abcdef".getBytes()).endsWith("3 [abc]"));
    }

    /**
     * RFC 9110 section 8.6 has Content-Length as 1*DIGIT, so leading zeros are allowed, and nginx passes
     * the header's text on as CONTENT_LENGTH. A value of more than 18 characters used to be taken for
     * a length past any body, so wsgi.input gave all of standard input instead of the declared bytes.
     */
    @Test
    void wsgiInputEndsAtAContentLengthWrittenWithManyLeadingZerosR2_15() {
        assertTrue(run((e, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.of(e.contentLength() + " [" + new String(e.input().readAllBytes(), StandardCharsets.US_ASCII) + "]");
        }, Map.of("REQUEST_METHOD", "POST", "CONTENT_LENGTH", "0".repeat(30) + "3"), "abcdef".getBytes()).endsWith("3 [abc]"));
    }

    @Test
    void returnsOneWhenTheResponseWasCutShort() {
        Application failing = (e, sr) -> {
            sr.start("200 OK", Headers.of());
            return () -> new java.util.Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    if (i++ > 0) {
                        throw new IllegalStateException("failed after the headers");
                    }
                    return "part".getBytes();
                }
            };
        };
        assertEquals(1, CgiGateway.run(failing, GET, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void percentEncodesWhatAQueryStringMustNotHoldR2_7() {
        // Apache's mod_rewrite puts a decoded back-reference into the query (RewriteRule ^/s/(.*) /app?q=$1
        // without [B]): the CGI program gets QUERY_STRING with a space, '#' or a control character
        Map<String, String> env = new HashMap<>(GET);
        env.put("QUERY_STRING", "q=a b#c\u0001\u007f%41&z");
        String out = run((e, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.of("[" + e.queryString() + "]");
        }, env, new byte[0]);
        assertTrue(out.endsWith("[q=a%20b%23c%01%7F%41&z]"), out);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "/index.php, foo, PATH_INFO \"foo\"", // nginx: fastcgi_split_path_info ^(.+\.php)(.*)$ on /index.phpfoo
        "app, /x, SCRIPT_NAME \"app\"",
    })
    void answers400NamingAPathThatDoesNotStartWithASlashR2_5(String script, String pathInfo, String named) {
        Map<String, String> env = new HashMap<>(GET);
        env.put("SCRIPT_NAME", script);
        env.put("PATH_INFO", pathInfo);
        String out = run((e, sr) -> {
            throw new AssertionError("the app must not be called");
        }, env, new byte[0]);
        assertTrue(out.startsWith("Status: 400 Bad Request\r\n") && out.contains(named), out);
    }

    @Test
    void readsTheProcessEnvironmentWithItsBytes() {
        Map<String, String> env = CgiGateway.processEnvironment();
        assertEquals(System.getenv("PATH"), env.get("PATH"));
    }
}
