// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsUsageForHelp() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: java -jar wsgi4j-core.jar"));
    }

    @Test
    void exitsWith2AndAHintForABadCommandLine() {
        assertEquals(2, run("--port", "x", "--demo"));
        assertEquals("wsgi4j: --port must be a number 0..65535, got \"x\"\ntry --help\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exitsWith2ForAnApplicationThatCannotBeLoaded() {
        assertEquals(2, run("com.example.Missing::app"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no class \"com.example.Missing\""));
    }

    @Test
    void exitsWith1WhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(1, run("--demo", "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort())));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot listen"), err.toString());
        }
    }
}
