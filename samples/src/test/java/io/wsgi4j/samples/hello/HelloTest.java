// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HelloTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET,  /",
        "GET,  /any/path",
        "POST, /form",
    })
    void greetsEveryRequestWithHelloWorldAsHtml(String method, String path) {
        TestResponse response = TestClient.of(Hello::application).request(method, path).send();

        assertEquals(200, response.status());
        assertEquals("text/html", response.header("Content-Type"));
        assertEquals("Hello world!", response.text());
    }
}
