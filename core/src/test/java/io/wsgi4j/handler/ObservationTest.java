// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.observe.RequestRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the request algorithm tells its observer about the responses it makes itself. */
class ObservationTest {
    private final List<RequestRecord> seen = new ArrayList<>();

    private static Environ get(String method) {
        return new EnvironBuilder().method(method).target("/x")
                .errors(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build();
    }

    /** The plain 500 the handler sends when the error page itself fails is body bytes that went out too. */
    @Test
    void theFallback500ThatReplacesAFailedErrorPageIsCountedInBytesOut() {
        Application failing = (env, sr) -> {
            throw new IllegalStateException("application broken");
        };
        RecordingHandler handler = new RecordingHandler(true);
        handler.setObserver(seen::add);
        handler.setErrorPage((env, sr) -> {
            throw new IllegalStateException("error page broken too");
        });
        handler.run(failing, get("GET"));
        String response = handler.text();
        assertTrue(response.startsWith("HTTP/1.1 500 "), response);
        int body = response.length() - response.indexOf("\r\n\r\n") - 4;
        assertEquals(List.of(500, (long) body), List.of(seen.get(0).status(), seen.get(0).bytesOut()));
    }
}
