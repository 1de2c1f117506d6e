// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Application;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person at a browser, for user stories: keeps cookies, reads the CSRF token from the page that
 * shows a form, and posts the form with it, as a browser would.
 */
final class Browser {
    private static final Pattern TOKEN = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

    final TestClient client;

    Browser(Application app) {
        this.client = TestClient.of(app);
    }

    TestResponse get(String path) {
        return client.get(path).send();
    }

    TestResponse getJson(String path) {
        return client.get(path).header("Accept", "application/json").send();
    }

    /** Opens the page that holds the form, then posts the fields with the page's CSRF token. */
    TestResponse submit(String formPage, String action, String... namesAndValues) {
        String token = token(formPage);
        var request = client.post(action).form("csrf_token", token);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            request.form(namesAndValues[i], namesAndValues[i + 1]);
        }
        return request.send();
    }

    /** Posts a multipart upload of one file in the field {@code file}, with the page's CSRF token. */
    TestResponse upload(String formPage, String action, String filename, byte[] content) {
        String boundary = "----kforge-test-boundary";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
                + token(formPage) + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[h.length + content.length + t.length];
        System.arraycopy(h, 0, body, 0, h.length);
        System.arraycopy(content, 0, body, h.length, content.length);
        System.arraycopy(t, 0, body, h.length + content.length, t.length);
        return client.post(action).body(body, "multipart/form-data; boundary=" + boundary).send();
    }

    String token(String formPage) {
        TestResponse page = get(formPage);
        assertEquals(200, page.status(), () -> formPage + " should show a form: " + page.text());
        Matcher m = TOKEN.matcher(page.text());
        if (!m.find()) {
            throw new AssertionError(formPage + " has no CSRF token in a form:\n" + page.text());
        }
        return m.group(1);
    }

    Browser signUp(String name) {
        TestResponse r = submit("/signup", "/signup", "name", name, "fullName", "Person " + name,
                "password", name + "-secret");
        assertEquals(303, r.status(), r::text);
        return this;
    }

    Browser logIn(String name) {
        TestResponse r = submit("/login", "/login", "name", name, "password", name + "-secret");
        assertEquals(303, r.status(), r::text);
        return this;
    }
}
