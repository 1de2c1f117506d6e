// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RequestScopeTest {

    @Nested
    class Errors {
        @Test
        void aRequestExceptionBecomesItsStatusWithAPlainTextReason() {
            Application app = RequestScope.of().wrap((environ, sr) -> {
                throw RequestException.badRequest("field \"x\" is missing");
            });
            TestResponse r = TestClient.of(app).get("/").send();
            assertEquals(400, r.status());
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("400 Bad Request: field \"x\" is missing\n", r.text());
        }

        @Test
        void itReplacesAResponseTheAppStartedButDidNotSend() {
            Application app = RequestScope.of().wrap((environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/html"));
                throw RequestException.tooLarge("too big");
            });
            assertEquals(413, TestClient.of(app).get("/").send().status());
        }

        @Test
        void otherExceptionsPassThrough() {
            Application app = RequestScope.of().wrap((environ, sr) -> {
                throw new IllegalStateException("bug");
            });
            assertEquals(500, TestClient.of(app).allowErrors().get("/").send().status());
        }

        @Test
        void onlyClientErrorStatusesAreAllowed() {
            assertThrows(IllegalArgumentException.class, () -> new RequestException(500, "no"));
        }
    }

    @Nested
    class Cleanup {
        @Test
        void registeredResourcesCloseWhenTheBodyCloses() {
            AtomicInteger closed = new AtomicInteger();
            Application app = RequestScope.of().wrap((environ, sr) -> {
                assertTrue(RequestScope.closeAtEnd(environ, closed::incrementAndGet));
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.onClose(Body.of("hi"), () -> assertEquals(0, closed.get()));
            });
            assertEquals("hi", TestClient.of(app).get("/").send().text());
            assertEquals(1, closed.get());
        }

        @Test
        void registeredResourcesCloseWhenTheAppThrows() {
            AtomicInteger closed = new AtomicInteger();
            Application app = RequestScope.of().wrap((environ, sr) -> {
                RequestScope.closeAtEnd(environ, closed::incrementAndGet);
                throw new IllegalStateException("bug");
            });
            TestClient.of(app).allowErrors().get("/").send();
            assertEquals(1, closed.get());
        }

        @Test
        void nestedScopesCloseOnce() {
            AtomicInteger closed = new AtomicInteger();
            Application inner = (environ, sr) -> {
                RequestScope.closeAtEnd(environ, closed::incrementAndGet);
                sr.start("204 No Content", Headers.of());
                return Body.empty();
            };
            Application app = RequestScope.of().wrap(RequestScope.of().wrap(inner));
            TestClient.of(app).get("/").send();
            assertEquals(1, closed.get());
        }

        @Test
        void withoutTheMiddlewareRegisteringSaysSo() {
            assertFalse(RequestScope.closeAtEnd(new Environ(), () -> { }));
        }
    }

    @Test
    void toStringReadsLikeTheCode() {
        Application hello = io.wsgi4j.DemoApp.INSTANCE;
        assertEquals("RequestScope.of()", RequestScope.of().toString());
        assertEquals("RequestScope.of().wrap(" + hello + ")", RequestScope.of().wrap(hello).toString());
    }
}
