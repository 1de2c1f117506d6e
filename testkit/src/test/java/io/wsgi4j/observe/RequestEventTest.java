// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.gateway.CgiGateway;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.server.ServerConfig;
import io.wsgi4j.testing.TestClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a Flight Recorder file in-process while requests run over three transports and reads the
 * {@code io.wsgi4j.Request} events back: the "record a JFR file with request events" step of the build.
 */
class RequestEventTest {
    @Test
    void aRecordingHoldsOneEventPerRequestWithItsFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("requests.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(RequestEvent.NAME);
            recording.start();
            assertTrue(RequestEvent.startIfRecording() != null, "an event starts while the recording runs");

            TestClient.of(RequestObserverTest.ROUTED).put("/items/9").body("abcd".getBytes()).send();
            httpRequest("POST /items/7 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /items/8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            CgiGateway.run(RequestObserverTest.ROUTED, Map.of("REQUEST_METHOD", "DELETE", "PATH_INFO", "/items/3",
                    "SERVER_NAME", "localhost", "SERVER_PORT", "80", "SERVER_PROTOCOL", "HTTP/1.1"),
                    new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            recording.stop();
            recording.dump(file);
        }
        // each thread writes its own buffer, so the file is not in time order: sort by start time
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(RequestEvent.NAME))
                .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime))
                .collect(Collectors.toList());
        // the probe started above was never committed, so exactly the requests are there
        assertEquals(List.of("test PUT /items/9", "http POST /items/7", "http GET /items/8", "cgi DELETE /items/3"),
                events.stream().map(e -> e.getString("transport") + " " + e.getString("method") + " "
                        + e.getString("path")).collect(Collectors.toList()));
        assertEquals(4, events.get(0).getLong("bytesIn"));
        RecordedEvent post = events.get(1);
        assertEquals("/items/{id}", post.getString("route"));
        assertEquals(201, post.getInt("status"));
        assertEquals(3, post.getLong("bytesIn"));
        assertEquals(12, post.getLong("bytesOut"));
        assertFalse(post.getBoolean("aborted"));
        assertFalse(post.getDuration().isNegative());
        assertEquals(-1, events.get(2).getLong("bytesIn"), "a GET declares no body");
        assertEquals(null, post.getStackTrace(), "no stack trace is recorded");
    }

    @Test
    void noEventStartsWhileNoRecordingRuns() {
        assertNull(RequestEvent.startIfRecording());
    }

    @Test
    void noEventStartsWhenTheRecordingLeavesItDisabled() {
        try (Recording recording = new Recording()) {
            recording.disable(RequestEvent.NAME);
            recording.start();
            assertNull(RequestEvent.startIfRecording());
        }
    }

    /** Sends {@code requests} on one connection and reads to its end. */
    private static void httpRequest(String requests) throws Exception {
        HttpServer server = HttpServer.make("127.0.0.1", 0, RequestObserverTest.ROUTED,
                ServerConfig.builder().quiet(true).build()).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.getInputStream().readAllBytes();
        } finally {
            server.shutdown(); // waits for the request in flight, so its event is committed before the dump
        }
    }
}
