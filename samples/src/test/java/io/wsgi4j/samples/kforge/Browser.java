// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Application;
import io.wsgi4j.testing.Form;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;

/**
 * A person at a browser, for user stories: keeps cookies, reads the CSRF token from the page that
 * shows a form, and posts the form with it, as a browser would.
 */
final class Browser {
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
        return client.post(action).form("csrf_token", token(formPage))
                .file("file", filename, content, "application/octet-stream").send();
    }

    /** The CSRF token of the first form on {@code formPage} that carries one (read with the test kit's forms). */
    String token(String formPage) {
        TestResponse page = get(formPage).assertStatus(200);
        for (Form form : page.forms()) {
            String token = form.get("csrf_token");
            if (token != null) {
                return token;
            }
        }
        throw new AssertionError(formPage + " has no CSRF token in a form:\n" + page.text());
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
