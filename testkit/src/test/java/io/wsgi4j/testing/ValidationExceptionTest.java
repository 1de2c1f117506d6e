// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ValidationExceptionTest {
    @Test
    void theMessageStartsWithTheRuleId() {
        ValidationException e = new ValidationException("R2.5", "PATH_INFO must start with \"/\", got \"x\"");
        assertEquals("R2.5", e.rule());
        assertEquals("R2.5 PATH_INFO must start with \"/\", got \"x\"", e.getMessage());
    }

    @Test
    void itIsUncheckedAndNeedsBothParts() {
        RuntimeException unchecked = new ValidationException("R1.1", "x");
        assertEquals("R1.1 x", unchecked.getMessage());
        assertThrows(NullPointerException.class, () -> new ValidationException(null, "x"));
        assertThrows(NullPointerException.class, () -> new ValidationException("R1.1", null));
    }
}
