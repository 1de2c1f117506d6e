// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * One set of tests of {@link io.wsgi4j.testing.PagesApp}, run in-process ({@link PagesInProcessTest}) and
 * over a live reference server ({@link PagesOverHttpTest}): the same test code on both, as http4k runs one
 * handler test against every backend.
 */
abstract class PagesContract {
    @Test
    void submitsAFormWithItsHiddenFieldsAndTheSessionCookie(TestClient client) {
        TestResponse page = client.get("/form").send().assertStatus(200);
        TestResponse r = page.form("edit").set("title", "Final").submit("save");
        r.assertStatus(200)
                .assertContains("POST /submit?from=form")
                .assertContains("cookie=session=s1")
                .assertContains("type=application/x-www-form-urlencoded")
                .assertContains("csrf=tok-1&title=Final&body=Hello%0D%0Aworld&kind=bee&size=s&notify=yes"
                        + "&color=blue&save=Save");
    }

    @Test
    void submitsAGetFormAsTheQuery(TestClient client) {
        client.get("/form").send().form("search").set("q", "two words").submit()
                .assertContains("GET /find?q=two%20words\n");
    }

    @Test
    void followsALinkByItsText(TestClient client) {
        client.get("/links").send().clickLink("Edit the page").assertStatus(200).assertContains("<form id=\"edit\"");
        client.get("/links").send().clickLink("Find").assertContains("GET /find?q=x%20y");
    }

    @Test
    void uploadsAFileAsMultipartFormData(TestClient client) {
        TestResponse r = client.post("/upload").form("title", "Report")
                .file("doc", "report.txt", "line one\n".getBytes(StandardCharsets.UTF_8), "text/plain").send();
        String text = r.assertStatus(200).text();
        String boundary = text.substring(text.indexOf("boundary=") + 9, text.indexOf('\n', text.indexOf("type=")));
        assertTrue(text.startsWith("POST /upload?\ncookie=null\ntype=multipart/form-data; boundary=wsgi4j-"), text);
        assertEquals("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nReport\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"report.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nline one\n\r\n--" + boundary + "--\r\n",
                text.substring(text.indexOf('\n', text.indexOf("type=")) + 1));
    }

    @Test
    void sendsPatch(TestClient client) {
        client.patch("/items/7").body("{\"name\":\"pen\"}", "application/json").send()
                .assertContains("PATCH /items/7?").assertContains("{\"name\":\"pen\"}");
    }

    @Test
    void followsRedirectsAndKeepsCookiesAcrossThem(TestClient client) {
        TestResponse r = client.get("/go").followRedirects().send();
        r.assertStatus(200).assertContains("<form");
        assertEquals(303, r.history().get(0).status());
        client.get("/echo").send().assertContains("cookie=session=s1");
    }

    @Test
    void aResponseCutShortAfterItsHeadersIsAbortedR5_4(TestClient client) {
        TestResponse r = client.allowErrors().get("/cut").send();
        assertEquals(200, r.status());
        assertTrue(r.aborted(), r.toString());
        assertNotNull(r.abortCause());
        // what arrived before the cut is a prefix of the first chunk (over a socket it may be all or none of it)
        assertTrue("part one\n".startsWith(r.partialText()), r.partialText());
        AssertionError e = assertThrows(AssertionError.class, r::text);
        assertTrue(e.getMessage().contains("aborted after its headers"), e.getMessage());
    }

    @Test
    void assertionsShowTheRequestAndResponse(TestClient client) {
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> client.get("/echo?x=1").send().assertStatus(404));
        assertTrue(e.getMessage().startsWith("expected status 404 but was 200 OK\n  request:  GET /echo?x=1 HTTP/1.1\n"
                + "  response: 200 OK\n"), e.getMessage());
        assertTrue(e.getMessage().endsWith("  body (36 bytes):\n    GET /echo?x=1\n    cookie=null\n    type=null\n    "),
                e.getMessage());
    }
}
