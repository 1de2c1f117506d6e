// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the request parser and body decoding, through the whole connection
 * loop in memory: whatever bytes arrive, the server writes only well-formed HTTP responses, then
 * ends the connection cleanly (aborting only for the app's deliberate failure after headers), and
 * no internal error ever escapes.
 *
 * <p>A normal build replays the seed corpus in
 * {@code src/test/resources/io/wsgi4j/server/ConnectionFuzzTestInputs/} (regression mode). To fuzz
 * for real, for as long as you like:
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -B -pl core test -Dtest=ConnectionFuzzTest -Djazzer.max_duration=10m
 * </pre>
 * Findings are written to the same inputs directory, so they become regression seeds once fixed.
 */
class ConnectionFuzzTest {
    static HttpServer server;

    @BeforeAll
    static void make() {
        server = HttpServer.make("127.0.0.1", 0, FuzzApp.INSTANCE, ServerConfig.builder()
                .quiet(true)
                .maxRequestLineBytes(256)
                .maxHeaderBytes(512)
                .maxHeaderCount(16)
                .maxBodyBytes(4096)
                .maxDrainBytes(64)
                .build());
    }

    @AfterAll
    static void close() {
        server.shutdown(Duration.ZERO);
    }

    @FuzzTest(maxDuration = "30s")
    void answersEveryInputWithWellFormedResponsesOrAClose(byte[] input) throws IOException {
        MemoryWire wire = new MemoryWire(input);
        long before = server.internalErrors();
        new Connection(server, wire, false).run();
        assertEquals(before, server.internalErrors(), "an internal error escaped the connection");
        assertTrue(wire.closed, "the connection was left open");
        ResponseChecker.check(wire.out.toByteArray(), wire.aborted);
    }
}
