// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MethodOverrideTest {
    /** Answers "METHOD original body". */
    private static final Application ECHO = (env, sr) -> {
        sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        String body = new String(env.input().readAllBytes(), StandardCharsets.ISO_8859_1);
        return Body.of(env.requestMethod() + " " + env.get(MethodOverride.ORIGINAL_METHOD) + " " + body);
    };

    private static TestClient client() {
        return TestClient.of(MethodOverride.of().wrap(ECHO));
    }

    @Nested
    class Overriding {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "PUT    | PUT",
            "delete | DELETE",
            "Patch  | PATCH",
        })
        void takesTheHeader(String value, String method) {
            assertEquals(method + " POST ", client().post("/").header("X-HTTP-Method-Override", value).send().text());
        }

        @Test
        void answers400UnderAnErrorCatcherForAFormWhoseContentLengthIsNotANumber() {
            // a server or gateway refuses such a request itself; one that passed it on got a 500 here
            Application app = io.wsgi4j.middleware.errors.ErrorCatcher.of().wrap(MethodOverride.of().wrap(ECHO));
            Application malformed = (env, sr) -> {
                env.put(Environ.CONTENT_LENGTH, "12abc");
                return app.call(env, sr);
            };
            assertEquals(400, TestClient.of(malformed).post("/").form("_method", "PUT").send().status());
        }

        @Test
        void takesTheQueryField() {
            assertEquals("DELETE POST ", client().post("/items/1?a=1&_method=delete").send().text());
        }

        @Test
        void takesTheFormFieldAndReplaysTheBody() {
            TestRequest r = client().post("/").body("name=x&_method=PUT&z=%20", "application/x-www-form-urlencoded");
            assertEquals("PUT POST name=x&_method=PUT&z=%20", r.send().text());
        }

        @Test
        void prefersTheHeaderOverTheQuery() {
            assertEquals("PATCH POST ", client().post("/?_method=DELETE").header("X-HTTP-Method-Override", "PATCH")
                    .send().text());
        }
    }

    @Nested
    class Ignoring {
        @ParameterizedTest
        @ValueSource(strings = {"GET", "TRACE", "CONNECT", "HEAD", "", "P UT"})
        void ignoresMethodsNotOnTheAllowList(String value) {
            assertEquals("POST null ", client().post("/").header("X-HTTP-Method-Override", value).send().text());
        }

        @Test
        void neverOverridesAGet() {
            assertEquals("GET null ", client().get("/?_method=DELETE").header("X-HTTP-Method-Override", "DELETE")
                    .send().text());
        }

        @Test
        void leavesOtherBodiesUnread() {
            assertEquals("POST null {\"_method\":\"PUT\"}",
                    client().post("/").body("{\"_method\":\"PUT\"}", "application/json").send().text());
        }

        @Test
        void leavesFormsOver64KibUnread() {
            String big = "a=" + "x".repeat(70_000) + "&_method=PUT";
            String text = client().post("/").body(big, "application/x-www-form-urlencoded").send().text();
            assertEquals("POST null " + big, text);
        }

        @Test
        void honoursACustomAllowList() {
            TestClient c = TestClient.of(MethodOverride.builder().allow("delete").build().wrap(ECHO));
            assertEquals("DELETE POST ", c.post("/?_method=DELETE").send().text());
            assertEquals("POST null ", c.post("/?_method=PUT").send().text());
        }
    }

    @Nested
    class Configuration {
        @ParameterizedTest
        @ValueSource(strings = {"GET", "post", "HEAD", "CONNECT", "trace", "BAD METHOD", ""})
        void rejectsMethodsAPostMustNotBecome(String method) {
            assertThrows(IllegalArgumentException.class, () -> MethodOverride.builder().allow(method).build());
        }

        @Test
        void rejectsAnEmptyAllowList() {
            assertThrows(IllegalArgumentException.class, () -> MethodOverride.builder().allow());
        }

        @Test
        void printsAsTheBuilderCode() {
            assertEquals("MethodOverride.of()", MethodOverride.of().toString());
            assertEquals("MethodOverride.builder().allow(\"DELETE\", \"PUT\").build()",
                    MethodOverride.builder().allow("delete", "PUT").build().toString());
        }
    }

    @Test
    void ignoresAnOverrideHoldingCrlf() throws Exception {
        // no server passes CR LF in a header value; a broken one must still not get a method through
        Environ env = new io.wsgi4j.handler.EnvironBuilder().method("POST").header("X-HTTP-Method-Override", "PUT\r\nX: 1")
                .build();
        Iterable<byte[]> body = MethodOverride.of().wrap(ECHO).call(env, (s, h, e) -> data -> {});
        assertEquals("POST null ", new String(Body.toBytes(body), StandardCharsets.ISO_8859_1));
    }

    @Test
    void requestedMethodIsThePureRequestHalf() throws Exception {
        Environ env = new io.wsgi4j.handler.EnvironBuilder().method("POST").target("/?_method=put").build();
        assertEquals("PUT", MethodOverride.requestedMethod(env));
    }
}
