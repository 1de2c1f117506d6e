// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import org.junit.jupiter.api.Test;

class TestResponseAssertionsTest {
    private static TestResponse page(String body) {
        return TestClient.of((env, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain", "Set-Cookie", "a=1", "Set-Cookie", "b=2"));
            return Body.of(body);
        }).post("/p?q=1").form("x", "y").send();
    }

    @Test
    void passingAssertionsReturnTheResponseForChaining() {
        TestResponse r = page("hello");
        assertSame(r, r.assertStatus(200).assertHeader("set-cookie", "b=2").assertContains("ell").assertNotContains("x"));
    }

    @Test
    void aFailedAssertionShowsRequestStatusHeadersAndBody() {
        AssertionError e = assertThrows(AssertionError.class, () -> page("hello\nworld").assertStatus(201));
        assertEquals("""
                expected status 201 but was 200 OK
                  request:  POST /p?q=1 HTTP/1.1
                  response: 200 OK
                    Content-Type: text/plain
                    Set-Cookie: a=1
                    Set-Cookie: b=2
                    Content-Length: 11
                  body (11 bytes):
                    hello
                    world""", e.getMessage());
    }

    @Test
    void aMissingHeaderValueNamesWhatIsThere() {
        AssertionError e = assertThrows(AssertionError.class, () -> page("x").assertHeader("Set-Cookie", "c=3"));
        assertTrue(e.getMessage().startsWith("expected header Set-Cookie: c=3 but its values are [a=1, b=2]\n"),
                e.getMessage());
        e = assertThrows(AssertionError.class, () -> page("x").assertHeader("ETag", "\"1\""));
        assertTrue(e.getMessage().startsWith("expected header ETag: \"1\" but there is no ETag header\n"),
                e.getMessage());
    }

    @Test
    void aFailureMessageShowsTheBodyInTheCharsetItsContentTypeNames() {
        // assertContains reads the body as text() does, in the declared charset; the message must show that same text
        TestResponse r = TestClient.of((env, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain; charset=ISO-8859-1"));
            return Body.of("caf\u00e9 cr\u00e8me".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }).get("/").send();
        AssertionError e = assertThrows(AssertionError.class, () -> r.assertContains("th\u00e9"));
        assertTrue(e.getMessage().endsWith("\n    caf\u00e9 cr\u00e8me"), e.getMessage());
        assertTrue(r.toString().endsWith(" caf\u00e9 cr\u00e8me"), r.toString());
    }

    @Test
    void theBodyIsCutInFailureMessages() {
        AssertionError e = assertThrows(AssertionError.class, () -> page("a".repeat(5000)).assertContains("b"));
        assertTrue(e.getMessage().endsWith("a".repeat(10) + "... (4000 more characters)"), e.getMessage());
    }

    @Test
    void toStringShowsTheStartOfTheBody() {
        assertEquals("200 OK [Content-Type: text/plain, Set-Cookie: a=1, Set-Cookie: b=2, Content-Length: 9]"
                + " (9 bytes) hi\\x00 there", page("hi\0 there").toString());
    }

    @Test
    void assertRedirectsToChecksStatusAndLocation() {
        TestResponse r = TestClient.of(PagesApp.APP).get("/go").send();
        assertSame(r, r.assertRedirectsTo("/form"));
        assertThrows(AssertionError.class, () -> r.assertRedirectsTo("/elsewhere"));
    }
}
