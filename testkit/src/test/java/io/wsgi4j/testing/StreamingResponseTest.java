// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reading a response chunk by chunk. */
class StreamingResponseTest {
    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    private final Application ticker = (env, sr) -> {
        sr.start(Status.OK, Headers.of("Content-Type", "text/event-stream"));
        return new CloseableBody() {
            @Override
            public Iterator<byte[]> iterator() {
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return produced.get() < 3;
                    }

                    @Override
                    public byte[] next() {
                        return ("data: " + produced.incrementAndGet() + "\n\n").getBytes(StandardCharsets.UTF_8);
                    }
                };
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    };

    @Test
    void eachChunkIsProducedOnlyWhenTheTestAsksForIt() {
        try (StreamingResponse r = TestClient.of(ticker).get("/events").stream()) {
            assertEquals(200, r.status());
            assertEquals("text/event-stream", r.header("Content-Type"));
            assertEquals(1, produced.get());
            assertEquals("data: 1\n\n", r.nextText());
            assertEquals("data: 2\n\n", r.nextText());
            assertEquals(2, produced.get());
            assertEquals("data: 3\n\n", r.nextText());
            assertNull(r.nextChunk());
            assertTrue(r.isComplete());
        }
        assertEquals(1, closed.get());
    }

    @Test
    void closingMidwayClosesTheApplicationsBodyOnce() {
        StreamingResponse r = TestClient.of(ticker).get("/events").stream();
        assertEquals("data: 1\n\n", r.nextText());
        r.close();
        r.close();
        assertEquals(1, closed.get());
        assertEquals(1, produced.get());
        assertNull(r.nextChunk());
    }

    @Test
    void theClassBasedAppStreamsToo() {
        try (StreamingResponse r = TestClient.of(TestClientTest.SimpleApp::new).get("/").stream()) {
            assertEquals("text/plain", r.header("Content-type"));
            assertEquals("My Own Hello world!\n", r.remainingText());
            assertFalse(r.toString().isEmpty());
        }
    }

    @Test
    void aFailureMidStreamIsReportedWhenTheStreamEnds() {
        Application failing = (env, sr) -> {
            sr.start(Status.OK, List.of());
            return () -> new Iterator<>() {
                int n;

                @Override
                public boolean hasNext() {
                    if (n == 1) {
                        throw new IllegalStateException("backend went away");
                    }
                    return true;
                }

                @Override
                public byte[] next() {
                    n++;
                    return "x".getBytes(StandardCharsets.UTF_8);
                }
            };
        };
        StreamingResponse r = TestClient.of(failing).get("/").stream();
        assertEquals("x", r.nextText());
        AssertionError e = assertThrows(AssertionError.class, r::nextChunk);
        assertTrue(e.getMessage().contains("backend went away"), e.getMessage());
    }

    @Test
    void aBodyThatFailsMidwayDeliversItsChunksThenFailsWhereTheEndWouldBeR5_4() {
        Application failing = (env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "text/event-stream"));
            return () -> List.of("a", "b", "").stream().map(c -> {
                if (c.isEmpty()) {
                    throw new IllegalStateException("feed gone");
                }
                return c.getBytes(StandardCharsets.UTF_8);
            }).iterator();
        };
        try (StreamingResponse r = TestClient.of(failing).allowErrors().get("/").stream()) {
            assertEquals("a", r.nextText());
            assertEquals("b", r.nextText());
            AssertionError e = assertThrows(AssertionError.class, r::nextChunk);
            assertTrue(e.getMessage().startsWith("the response (200 OK) was aborted after its headers and 2 body bytes,"
                    + " by java.lang.IllegalStateException: feed gone;"), e.getMessage());
            assertTrue(r.aborted());
            assertEquals("feed gone", r.abortCause().getMessage());
            assertFalse(r.isComplete());
            assertTrue(r.toString().endsWith("(ABORTED by java.lang.IllegalStateException: feed gone)"), r.toString());
        }
    }

    @Test
    void chunksAreReadAsTextInTheCharsetOfTheContentType() {
        Application latin1 = (env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain; charset=iso-8859-1"));
            return () -> List.of("caf\u00e9\n", "cr\u00e8me").stream()
                    .map(c -> c.getBytes(StandardCharsets.ISO_8859_1)).iterator();
        };
        try (StreamingResponse r = TestClient.of(latin1).get("/").stream()) {
            assertEquals("caf\u00e9\n", r.nextText());
            assertEquals("cr\u00e8me", r.remainingText());
        }
    }

    @Test
    void closingEarlyIsNotAnAbortByTheApplication() {
        StreamingResponse r = TestClient.of(ticker).get("/events").stream();
        assertEquals("data: 1\n\n", r.nextText());
        r.close();
        assertFalse(r.aborted());
        assertNull(r.abortCause());
    }
}
