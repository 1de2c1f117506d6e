// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Header;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Test;

class TextAnswerTest {
    @Test
    void saysTheStatusThenTheMessageInUtf8Text() {
        TestResponse r = TestClient.of((environ, sr) -> TextAnswer.send(sr, 413, "the limit is 10 bytes",
                Header.of("Retry-After", "5"))).get("/").send();
        assertEquals(413, r.status());
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
        assertEquals("5", r.header("Retry-After"));
        assertEquals("413 Content Too Large: the limit is 10 bytes\n", r.text());
    }

    @Test
    void withoutAMessageSaysTheStatusAlone() {
        assertEquals("401 Unauthorized\n",
                TestClient.of((environ, sr) -> TextAnswer.send(sr, 401, null)).get("/").send().text());
    }

    @Test
    void aRedirectNamesItsLocationInTheHeaderAndTheBody() {
        TestResponse r = TestClient.of((environ, sr) -> TextAnswer.redirect(sr, 308, "/docs/")).get("/docs").send();
        assertEquals(308, r.status());
        assertEquals("/docs/", r.header("Location"));
        assertEquals("308 Permanent Redirect: /docs/\n", r.text());
    }

    @Test
    void aMethodNotAllowedNamesTheMethodAndWhatIsAllowed() {
        TestResponse r = TestClient.of((environ, sr) -> TextAnswer.methodNotAllowed(sr, "POST", "GET, HEAD"))
                .post("/").send();
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
        assertEquals("405 Method Not Allowed: POST; this resource answers GET, HEAD\n", r.text());
    }

    @Test
    void asAnApplicationItPrintsTheCodeItWasGiven() {
        assertEquals("Decision.forbidden(\"x\")", TextAnswer.app("Decision.forbidden(\"x\")", 403, "x").toString());
        assertEquals("403 Forbidden: x\n",
                TestClient.of(TextAnswer.app("f", 403, "x")).get("/").send().text());
    }
}
