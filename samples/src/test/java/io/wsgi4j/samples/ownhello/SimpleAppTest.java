// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.ownhello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Environ;
import io.wsgi4j.Status;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SimpleAppTest {

    @Test
    void answersMyOwnHelloWorldWhenServedThroughItsConstructor() {
        TestResponse response = TestClient.of(SimpleApp::new).get("/").send();

        assertEquals(200, response.status());
        assertEquals("text/plain", response.header("Content-Type"));
        assertEquals("My Own Hello world!\n", response.text());
    }

    @Nested
    class LikeAPythonGenerator {
        private final List<Status> started = new ArrayList<>();
        private final SimpleApp app = new SimpleApp(new Environ(), (status, headers, excInfo) -> {
            started.add(status);
            return bytes -> { };
        });

        @Test
        void doesNotStartTheResponseWhenConstructed() {
            app.iterator();

            assertTrue(started.isEmpty());
        }

        @Test
        void startsTheResponseOnceAtTheFirstChunkAndThenEnds() {
            Iterator<byte[]> body = app.iterator();

            body.next();

            assertEquals(List.of(Status.OK), started);
            assertFalse(body.hasNext());
            assertThrows(NoSuchElementException.class, body::next);
        }
    }
}
