// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FramingTest {
    @ParameterizedTest(name = "{0}, declared {1}, known {2}, HEAD {3}, origin {4}, 1.1 {5} -> {6}")
    @CsvSource({
        "204, true,  5,  false, true,  true,  NONE",
        "304, false, -1, false, true,  true,  NONE",
        "200, true,  -1, false, true,  true,  LENGTH",
        "200, true,  -1, true,  true,  false, LENGTH",
        "200, false, 3,  false, true,  true,  LENGTH",
        "200, false, 0,  false, true,  true,  LENGTH",
        "200, false, 0,  true,  true,  true,  CHUNKED",
        "200, false, -1, false, true,  true,  CHUNKED",
        "200, false, -1, false, true,  false, CLOSE",
        "200, false, -1, false, false, true,  STREAM",
        "200, false, 0,  true,  false, false, STREAM",
    })
    void theHandlerChoosesTheFramingFromWhatItKnowsR5_3(int code, boolean declared, long known, boolean head,
            boolean originServer, boolean http11, Framing expected) {
        assertEquals(expected, Framing.choose(Status.of(code), declared, known, head, originServer, http11));
    }
}
