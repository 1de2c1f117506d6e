// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Test;

class HelloTest {
    @Test
    void greetsByName() {
        TestResponse r = TestClient.of(Hello::app).get("/").query("name", "Ada").send();
        assertEquals(200, r.status());
        assertEquals("Hello Ada!", r.text());
    }
}
