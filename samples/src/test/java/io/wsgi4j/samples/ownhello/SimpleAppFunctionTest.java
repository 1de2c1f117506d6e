// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.ownhello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Test;

class SimpleAppFunctionTest {

    @Test
    void answersMyOwnHelloWorldAsPlainText() {
        TestResponse response = TestClient.of(SimpleAppFunction::app).get("/").send();

        assertEquals(200, response.status());
        assertEquals("text/plain", response.header("Content-Type"));
        assertEquals("My Own Hello World!\n", response.text());
    }
}
