// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading responses: status, headers, bytes, text, JSON. */
class TestResponseTest {
    @Test
    void jsonReadsTheBodyAsATreeOrIntoAType() {
        record Item(String name, int count) {}
        Application app = (env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "application/json"));
            return Body.of("{\"name\":\"pen\",\"count\":3}");
        };
        TestResponse r = TestClient.of(app).get("/").send();
        assertEquals("pen", r.json().get("name").asText());
        assertEquals(new Item("pen", 3), r.json(Item.class));
    }

    @Test
    void aBodyThatIsNotJsonFailsShowingTheBody() {
        TestResponse r = TestClient.of(TestClientTest::simpleApp).get("/").send();
        AssertionError e = assertThrows(AssertionError.class, r::json);
        assertTrue(e.getMessage().contains("My Own Hello World!"), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "  \r\n", "{\"name\":\"pen\"} garbage", "{\"name\":\"pen\"}{\"name\":\"ink\"}", "[1] ]"})
    void aBodyThatIsNotExactlyOneJsonValueFailsShowingTheBody(String body) {
        Application app = (env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "application/json"));
            return Body.of(body);
        };
        TestResponse r = TestClient.of(app).get("/").send();
        AssertionError e = assertThrows(AssertionError.class, r::json);
        assertTrue(e.getMessage().startsWith("the response body is not the JSON expected"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got \"" + body + "\""), e.getMessage());
        if (!body.isBlank()) {
            assertThrows(AssertionError.class, () -> r.json(Object.class));
        }
    }

    @Test
    void whitespaceAroundTheValueIsFine() {
        Application app = (env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "application/json"));
            return Body.of("\n {\"name\":\"pen\"} \r\n");
        };
        assertEquals("pen", TestClient.of(app).get("/").send().json().get("name").asText());
    }

    /** Answers "café" in the charset its Content-Type names, as a legacy page does. */
    private static Application cafeIn(String contentType, java.nio.charset.Charset encoding) {
        return (env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", contentType));
            return Body.of("caf\u00e9", encoding);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain; charset=ISO-8859-1", "text/html;charset=\"iso-8859-1\"",
        "text/plain; format=flowed; Charset=latin1"})
    void textDecodesTheBodyInTheCharsetItsContentTypeNames(String contentType) {
        TestResponse r = TestClient.of(cafeIn(contentType, StandardCharsets.ISO_8859_1)).get("/").send();
        assertEquals("caf\u00e9", r.text()); // RFC 9110 section 8.3.3: the charset parameter says how to read it
        assertEquals("caf\u00e9", r.partialText());
        r.assertContains("caf\u00e9");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain", "text/plain; charset=utf-8", "text/plain; charset=no-such-charset",
        "text/plain; charset="})
    void textIsUtf8WhenTheContentTypeNamesNoCharsetThisClientKnows(String contentType) {
        TestResponse r = TestClient.of(cafeIn(contentType, StandardCharsets.UTF_8)).get("/").send();
        assertEquals("caf\u00e9", r.text());
    }

    @Test
    void bytesAreACopyAndHeadersKeepTheirOrder() {
        Application app = (env, sr) -> {
            sr.start(Status.of(201), Headers.of("Set-Cookie", "a=1", "X-A", "1", "Set-Cookie", "b=2"));
            return Body.of("ok");
        };
        TestResponse r = TestClient.of(app).get("/").send();
        assertEquals(Status.of(201), r.statusLine());
        assertEquals(List.of("a=1", "b=2"), r.headers("set-cookie"));
        assertEquals(List.of("Set-Cookie", "X-A", "Set-Cookie", "Content-Length"),
                r.headers().stream().map(h -> h.name()).toList());
        r.bytes()[0] = 'X';
        assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), r.bytes());
        assertTrue(r.toString().startsWith("201 Created"), r.toString());
    }

    /** Yields "part" and then fails, after the headers went out: a server would cut the connection. */
    private static final Application FAILS_MIDWAY = (env, sr) -> {
        sr.start(Status.OK, Headers.of("Content-Type", "application/json"));
        return () -> List.of("{\"part\":", "").stream().map(c -> {
            if (c.isEmpty()) {
                throw new IllegalStateException("database gone");
            }
            return c.getBytes(StandardCharsets.UTF_8);
        }).iterator();
    };

    @Test
    void anAbortedResponseSaysSoAndItsBodyCannotBeReadAsCompleteR5_4() {
        TestResponse r = TestClient.of(FAILS_MIDWAY).allowErrors().get("/").send();
        assertEquals(200, r.status());
        assertTrue(r.aborted());
        assertEquals("database gone", r.abortCause().getMessage());
        for (org.junit.jupiter.api.function.Executable read : List.<org.junit.jupiter.api.function.Executable>of(
                r::text, r::bytes, r::json, () -> r.json(Object.class))) {
            AssertionError e = assertThrows(AssertionError.class, read);
            assertTrue(e.getMessage().startsWith("the response (200 OK) was aborted after its headers and 8 body bytes,"
                    + " by java.lang.IllegalStateException: database gone;"), e.getMessage());
            assertTrue(e.getMessage().contains("partialText()"), e.getMessage());
            assertEquals(r.abortCause(), e.getCause());
        }
        assertEquals("{\"part\":", r.partialText());
        assertArrayEquals("{\"part\":".getBytes(StandardCharsets.UTF_8), r.partialBytes());
        assertTrue(r.toString().endsWith("(8 bytes, ABORTED by java.lang.IllegalStateException: database gone)"
                + " {\"part\":"), r.toString()); // the start of what was sent, as for any response
    }

    @Test
    void anUnvalidatedClientReportsABodyShorterThanItsContentLengthAsAnAbortR5_4() {
        TestResponse r = TestClient.unvalidated((env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Length", "10"));
            return () -> List.of("abc".getBytes(StandardCharsets.UTF_8)).iterator();
        }).allowErrors().get("/").send();
        assertTrue(r.aborted());
        assertTrue(r.abortCause().getMessage().startsWith("R4.6 "), r.abortCause().getMessage());
        assertEquals("abc", r.partialText());
        assertThrows(AssertionError.class, r::text);
    }

    @Test
    void aCompleteResponseIsNotAbortedAndItsPartialBodyIsItsWholeBody() {
        TestResponse r = TestClient.of(TestClientTest::simpleApp).get("/").send();
        assertFalse(r.aborted());
        assertNull(r.abortCause());
        assertEquals(r.text(), r.partialText());
        assertFalse(r.toString().contains("ABORTED"), r.toString());
    }
}
