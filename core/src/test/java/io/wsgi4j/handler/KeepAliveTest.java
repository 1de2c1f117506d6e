// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Environ;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeepAliveTest {
    @ParameterizedTest(name = "{0} with Connection \"{1}\" -> {2}")
    @CsvSource(quoteCharacter = '\'', value = {
        "HTTP/1.1, ,                      true",
        "HTTP/1.1, close,                 false",
        "HTTP/1.1, 'Keep-Alive, CLOSE',   false",
        "HTTP/1.1, ' close ',             false",
        "HTTP/1.1, closed,                true",
        "HTTP/1.1, 'upgrade,',            true",
        "HTTP/1.0, ,                      false",
        "HTTP/1.0, keep-alive,            true",
        "HTTP/1.0, 'TE, Keep-Alive',      true",
        "HTTP/1.0, keep-alive-ish,        false",
        "HTTP/1.0, 'keep-alive, close',   false", // RFC 9112 section 9.3: close wins over keep-alive
        "HTTP/1.0, 'Close, Keep-Alive',   false",
    })
    void theClientsProtocolAndConnectionTokensDecide(String protocol, String connection, boolean expected) {
        Environ env = new EnvironBuilder().protocol(protocol).build();
        if (connection != null) {
            env.put("HTTP_CONNECTION", connection);
        }
        assertEquals(expected, KeepAlive.requested(env, "HTTP/1.1".equals(protocol)));
    }
}
