// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestRecordTest {
    private static RequestRecord withStatus(int status) {
        return new RequestRecord("http", "GET", "/", null, status, -1, 0, 1_500, false);
    }

    @ParameterizedTest(name = "status {0} is {1}")
    @CsvSource({
        "0,   UNKNOWN",
        "101, INFORMATIONAL",
        "200, SUCCESS",
        "304, REDIRECTION",
        "404, CLIENT_ERROR",
        "503, SERVER_ERROR",
        "999, UNKNOWN",
    })
    void namesTheOutcomeByStatusClass(int status, String outcome) {
        assertEquals(outcome, withStatus(status).outcome());
    }

    @Test
    void givesTheDurationAsADuration() {
        assertEquals(Duration.ofNanos(1_500), withStatus(200).duration());
    }

    @Test
    void rejectsImpossibleValuesNamingThem() {
        assertEquals("status must be 0 (none sent) or 100 to 999, got 42",
                assertThrows(IllegalArgumentException.class, () -> withStatus(42)).getMessage());
        assertEquals("bytesIn must be -1 or more, bytesOut and durationNanos 0 or more; got -2, 0, 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new RequestRecord("http", "GET", "/", null, 200, -2, 0, 0, false)).getMessage());
        assertThrows(NullPointerException.class, () -> new RequestRecord(null, "GET", "/", null, 200, -1, 0, 0, false));
    }
}
