// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiddlewareTest {
    private final List<String> calls = new ArrayList<>();

    private Middleware recording(String name) {
        return Middleware.named(name, next -> (env, sr) -> {
            calls.add(name);
            return next.call(env, sr);
        });
    }

    private final Application app = Application.named("app", (env, sr) -> {
        calls.add("app");
        sr.start(Status.OK, List.of());
        return Body.empty();
    });

    @Test
    void andThenPutsThisMiddlewareOutside() {
        TestClient.of(recording("a").andThen(recording("b")).wrap(app)).get("/").send();
        assertEquals(List.of("a", "b", "app"), calls);
    }

    @Test
    void chainListsMiddlewareOutermostFirst() {
        TestClient.of(Middleware.chain(recording("a"), recording("b"), recording("c")).wrap(app)).get("/").send();
        assertEquals(List.of("a", "b", "c", "app"), calls);
    }

    @Test
    void anEmptyChainIsTheIdentity() {
        assertSame(app, Middleware.chain().wrap(app));
        assertSame(app, Middleware.identity().wrap(app));
        assertEquals("identity", Middleware.chain().toString());
    }

    @Test
    void toStringReadsAsTheComposition() {
        assertEquals("a | b | c", Middleware.chain(recording("a"), recording("b"), recording("c")).toString());
        assertEquals("a | b", recording("a").andThen(recording("b")).toString());
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class, () -> recording("a").andThen(null));
        assertThrows(NullPointerException.class, () -> Middleware.chain(recording("a"), null));
        assertThrows(NullPointerException.class, () -> Middleware.named(null, next -> next));
    }

    @Test
    void aNamedApplicationPrintsItsNameAndDelegates() {
        assertEquals("app", app.toString());
        assertEquals(200, TestClient.of(app).get("/").send().status());
    }
}
