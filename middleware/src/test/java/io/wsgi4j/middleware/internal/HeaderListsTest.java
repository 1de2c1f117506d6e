// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.middleware.compress.Gzip;
import io.wsgi4j.middleware.cors.Cors;
import io.wsgi4j.middleware.tracing.RequestId;
import io.wsgi4j.middleware.tracing.ServerTiming;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderListsTest {
    private static final Header EXTRA = Header.of("X-Extra", "1");

    @Test
    void copiesAListItDidNotMakeAndLeavesItUnchanged() {
        List<Header> users = new ArrayList<>(Headers.of("Content-Type", "text/plain"));
        List<Header> out = HeaderLists.plus(users, EXTRA);
        assertNotSame(users, out);
        assertEquals(Headers.of("Content-Type", "text/plain"), users);
        assertEquals(List.of(Header.of("Content-Type", "text/plain"), EXTRA), out);
        assertFalse(HeaderLists.isOwned(users));
        assertTrue(HeaderLists.isOwned(out));
    }

    @Test
    void copiesAnImmutableList() {
        List<Header> constant = Headers.of("Content-Type", "text/plain", "Content-Length", "2");
        List<Header> out = HeaderLists.replaced(constant, 1, Header.of("Content-Length", "3"));
        assertEquals("2", Headers.get(constant, "Content-Length"));
        assertEquals("3", Headers.get(out, "Content-Length"));
    }

    @Test
    void editsInPlaceAListItMadeForThisResponse() {
        List<Header> made = HeaderLists.plus(Headers.of("Content-Type", "text/plain"), EXTRA);
        Header second = Header.of("X-Second", "2");
        assertSame(made, HeaderLists.plus(made, second));
        assertSame(made, HeaderLists.replaced(made, 0, Header.of("Content-Type", "text/html")));
        assertEquals(List.of(Header.of("Content-Type", "text/html"), EXTRA, second), made);
    }

    /**
     * The four layers that add a response header, stacked as a pipeline stacks them, on a request they
     * only add headers to: the application's own list (mutable, so a change would be possible) is never
     * changed, and the response carries every layer's header once.
     */
    @Test
    void theHeaderAddingLayersNeverChangeTheApplicationsList() throws Exception {
        List<Header> appHeaders = new ArrayList<>(Headers.of("Content-Type", "text/plain", "Content-Length", "2"));
        List<Header> snapshot = List.copyOf(appHeaders);
        Application app = (environ, start) -> {
            start.start(Status.OK, appHeaders);
            return Body.of("hi");
        };
        Application stack = Middleware.chain(RequestId.of(), ServerTiming.of(),
                Cors.builder().allowOrigins("https://app.example.com").build(), Gzip.of()).wrap(app);
        List<List<Header>> sent = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // twice: a layer's remembered state must not leak into the next response
            Body.close(stack.call(new EnvironBuilder().method("GET").target("/").build(), (status, headers, exc) -> {
                sent.add(headers);
                return (Write) data -> { };
            }));
        }
        assertEquals(snapshot, appHeaders);
        for (List<Header> headers : sent) {
            assertEquals(List.of("Content-Type", "Content-Length", "Vary", "Server-Timing", "X-Request-Id"),
                    headers.stream().map(Header::name).toList());
            assertEquals("Accept-Encoding, Origin", Headers.get(headers, "Vary"));
        }
        assertNotSame(sent.get(0), sent.get(1));
        assertFalse(Headers.get(sent.get(0), "X-Request-Id").equals(Headers.get(sent.get(1), "X-Request-Id")));
    }
}
