// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitsTest {
    @Test
    void theDefaultsAreDocumented() {
        Limits d = Limits.DEFAULT;
        assertEquals(1000, d.maxFields());
        assertEquals(64 * 1024, d.maxFieldBytes());
        assertEquals(16L << 20, d.maxFileBytes());
        assertEquals(32L << 20, d.maxBodyBytes());
        assertEquals(2 << 20, d.maxFormBytes());
        assertEquals(64 * 1024, d.spoolThreshold());
        assertEquals(null, d.tempDir());
        assertEquals(false, d.strictUtf8());
    }

    @Test
    void withCopiesChangeOneValue() {
        Limits l = Limits.DEFAULT.withMaxFields(5);
        assertEquals(5, l.maxFields());
        assertEquals(1000, Limits.DEFAULT.maxFields());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, -1})
    void nonPositiveLimitsAreRejected(int n) {
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULT.withMaxFields(n));
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULT.withMaxFieldBytes(n));
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULT.withMaxFileBytes(n));
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULT.withMaxBodyBytes(n));
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULT.withMaxFormBytes(n));
    }

    @Test
    void aZeroSpoolThresholdSpoolsEverythingButANegativeOneIsRejected() {
        assertEquals(0, Limits.DEFAULT.withSpoolThreshold(0).spoolThreshold());
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULT.withSpoolThreshold(-1));
    }

    @Test
    void toStringReadsLikeTheCode() {
        assertEquals("Limits.DEFAULT", Limits.DEFAULT.toString());
        assertEquals("Limits.DEFAULT.withMaxFields(10).withTempDir(Path.of(\"/var/tmp\")).withStrictUtf8(true)",
                Limits.DEFAULT.withMaxFields(10).withTempDir(Path.of("/var/tmp")).withStrictUtf8(true).toString());
    }
}
