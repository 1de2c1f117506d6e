// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.ownhello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.testing.TestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OwnHelloServerTest {

    @ParameterizedTest(name = "args \"{0}\" -> \"{1}\"")
    @CsvSource({
        "'',       'My Own Hello World!\n'",
        "function, 'My Own Hello World!\n'",
        "class,    'My Own Hello world!\n'",
    })
    void choosesTheFunctionOrTheClassForm(String arg, String expected) {
        String[] args = arg.isEmpty() ? new String[0] : new String[] {arg};

        assertEquals(expected, TestClient.of(OwnHelloServer.choose(args)).get("/").send().text());
    }
}
