// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.FileBody;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.handler.EnvironBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentLengthTest {

    /** The headers the middleware forwards for {@code app} (tested below the handler, which adds its own length). */
    private static List<io.wsgi4j.Header> forwarded(String method, Application app) throws Exception {
        List<List<io.wsgi4j.Header>> sent = new ArrayList<>();
        Iterable<byte[]> body = ContentLength.of().wrap(app)
                .call(new EnvironBuilder().method(method).build(), (s, h, e) -> {
                    sent.add(h);
                    return data -> {};
                });
        for (byte[] ignored : body) {
            // drain, so late starters start
        }
        Body.close(body);
        return sent.get(0);
    }

    @Test
    void setsTheLengthOfAListBody() throws Exception {
        var h = forwarded("GET", TestBodies.app(200, Body.of("ab".getBytes(), "cde".getBytes()), "Content-Type", "text/plain"));
        assertEquals("5", Headers.get(h, "Content-Length"));
    }

    @Test
    void setsTheLengthOfAFileBody(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("f.txt"), "0123456789");
        var h = forwarded("GET", (env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return FileBody.open(f);
        });
        assertEquals("10", Headers.get(h, "Content-Length"));
    }

    @Test
    void neverBuffersAStream() throws Exception {
        TestBodies.Tracked body = new TestBodies.Tracked("a", "b");
        var h = forwarded("GET", TestBodies.app(200, body, "Content-Type", "text/plain"));
        assertNull(Headers.get(h, "Content-Length"));
    }

    @Test
    void keepsAnExistingLength() throws Exception {
        var h = forwarded("GET", TestBodies.app(200, Body.of("abc"), "Content-Length", "3"));
        assertEquals(List.of("3"), Headers.getAll(h, "Content-Length"));
    }

    @Test
    void skipsBodilessStatusesHeadAndLateStarters() throws Exception {
        assertNull(Headers.get(forwarded("GET", TestBodies.app(304, List.of())), "Content-Length"));
        assertNull(Headers.get(forwarded("HEAD", TestBodies.app(200, List.of())), "Content-Length"));
        assertNull(Headers.get(forwarded("GET", TestBodies.lateStart(200, "x")), "Content-Length"));
    }

    @Test
    void knowsOnlyLengthsItCanSeeWithoutReading() {
        assertEquals(3, ContentLength.knownLength(Body.of("abc")));
        assertEquals(-1, ContentLength.knownLength(new TestBodies.Tracked("abc")));
        assertEquals(-1, ContentLength.knownLength(null));
        assertEquals("ContentLength.of()", ContentLength.of().toString());
    }
}
