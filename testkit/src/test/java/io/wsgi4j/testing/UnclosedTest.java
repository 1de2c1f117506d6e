// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnclosedTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream errors = new PrintStream(out, true, StandardCharsets.UTF_8);

    @Test
    void aBodyCollectedOpenIsReportedAsR4_3OnWsgiErrors() {
        Unclosed watch = Unclosed.watch(new Object(), "GET \"/x\"", errors);
        watch.run(); // what the cleaner does once the body is unreachable
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("wsgi4j validator: R4.3 the body of GET \"/x\" was garbage-collected without"
                + " close()"), text);
    }

    @Test
    void aClosedBodyIsNotReported() {
        Unclosed watch = Unclosed.watch(new Object(), "GET \"/x\"", errors);
        watch.closed();
        watch.run();
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
