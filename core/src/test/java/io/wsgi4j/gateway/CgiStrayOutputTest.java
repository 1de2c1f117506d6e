// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Under CGI standard output is the response (RFC 3875 section 6): what an application or a library
 * prints with {@code System.out} (a stray debug line, a logger's console appender) must not land in
 * it, ahead of the header section or inside the body. It goes to standard error, which the web
 * server logs. Runs a real CGI process, as a web server would.
 */
class CgiStrayOutputTest {
    /** The CGI program: an application that prints to System.out before and after starting its response. */
    public static void main(String[] args) {
        System.exit(CgiGateway.run((env, sr) -> {
            System.out.println("stray line before the response");
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            System.out.print("stray text inside the body");
            System.out.flush();
            return Body.of("the body");
        }));
    }

    @Test
    void whatTheApplicationPrintsToSystemOutGoesToStandardErrorNotIntoTheResponse() throws Exception {
        CgiProcess cgi = CgiProcess.run(CgiStrayOutputTest.class.getName());
        String out = cgi.stdout();
        String errors = cgi.stderr();
        assertEquals(0, cgi.exitValue(), errors);
        assertEquals("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nthe body", out, errors);
        for (String stray : List.of("stray line before the response", "stray text inside the body")) {
            assertTrue(errors.contains(stray), errors);
        }
    }
}
