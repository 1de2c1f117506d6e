// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.readme;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.junit.WsgiExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UploadsTest {
    @RegisterExtension
    static final WsgiExtension WSGI = WsgiExtension.inProcess(Uploads.APP);

    @Test
    void sendsTheFormWithAFile(TestClient client) {
        client.get("/").send()
                .assertStatus(200)
                .form()
                .set("name", "Ada")
                .file("file", "notes.txt", "first note\n".getBytes(StandardCharsets.UTF_8), "text/plain")
                .submit()
                .assertStatus(200)
                .assertContains("Thanks Ada, notes.txt has 11 bytes.");
    }

    @Test
    void refusesAFormWithoutAFile(TestClient client) {
        client.post("/").form("name", "Ada").send()
                .assertStatus(400)
                .assertContains("No file");
    }
}
