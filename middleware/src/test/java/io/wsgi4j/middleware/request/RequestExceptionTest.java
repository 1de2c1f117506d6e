// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestExceptionTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {400, 413, 415, 499})
    void clientErrorStatusesAreKept(int status) {
        assertEquals(status, new RequestException(status, "x").status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {200, 399, 500, 0})
    void otherStatusesAreRejected(int status) {
        assertThrows(IllegalArgumentException.class, () -> new RequestException(status, "x"));
    }

    @org.junit.jupiter.api.Test
    void quotingCutsAndEscapesClientText() {
        assertEquals("\"a\\r\\nb\"", RequestException.quote("a\r\nb"));
        assertEquals(65, RequestException.quote("x".repeat(100)).length());
    }
}
