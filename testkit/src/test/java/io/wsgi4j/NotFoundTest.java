// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotFoundTest {
    @Test
    void answersAPlain404() {
        TestResponse r = TestClient.of(NotFound.INSTANCE).get("/missing").send();
        assertEquals(404, r.status());
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
        assertEquals("404 Not Found\n", r.text());
    }

    @Test
    void marksTheEnvironAsNotMineSoACascadeCanTryTheNextApp() throws Exception {
        Environ env = new Environ();
        assertFalse(NotFound.isNotMine(env));
        NotFound.INSTANCE.call(env, (s, h, e) -> null);
        assertTrue(NotFound.isNotMine(env));
    }

    @Test
    void aCascadeThatClearsTheMarkPassesTheValidator() {
        Application second = (env, sr) -> {
            sr.start(Status.OK, List.of());
            return Body.of("second");
        };
        Application cascade = (env, sr) -> {
            Iterable<byte[]> first = NotFound.INSTANCE.call(env, (s, h, e) -> null);
            if (NotFound.isNotMine(env)) {
                Body.close(first);
                env.remove(Environ.NOT_MINE);
                return second.call(env, sr);
            }
            return first;
        };
        assertEquals("second", TestClient.of(cascade).get("/").send().text());
    }

    @Test
    void printsItsName() {
        assertEquals("NotFound", NotFound.INSTANCE.toString());
    }
}
