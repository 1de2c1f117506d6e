// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.gateway.CgiProcess;
import org.junit.jupiter.api.Test;

/**
 * {@code --cgi}: standard output is the response (RFC 3875 section 6), from the first byte. An application
 * that prints while it is made (a static initializer, a factory method: "connected to the database") runs
 * before the request does, and under CGI a process serves one request, so such a line would precede the
 * header section of every response. It goes to standard error, as what the application prints while it
 * serves does. Runs a real CGI process, as a web server would.
 */
class CgiCliStrayOutputTest {
    /** An application that prints to System.out while it is loaded. */
    public static final class LoudApp {
        public static final Application app;

        static {
            System.out.println("stray line while the application loads");
            app = (env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return Body.of("the body");
            };
        }

        private LoudApp() {
        }
    }

    @Test
    void whatTheApplicationPrintsWhileItLoadsGoesToStandardErrorNotIntoTheResponse() throws Exception {
        CgiProcess cgi = CgiProcess.run(Main.class.getName(), "--cgi", LoudApp.class.getName() + "::app");
        String out = cgi.stdout();
        String errors = cgi.stderr();
        assertEquals(0, cgi.exitValue(), errors);
        assertEquals("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nthe body", out, errors);
        assertTrue(errors.contains("stray line while the application loads"), errors);
    }
}
