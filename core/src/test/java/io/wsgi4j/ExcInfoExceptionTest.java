// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ExcInfoExceptionTest {
    @Test
    void uncheckedExceptionsAndErrorsAreRethrownAsTheyAre() {
        IllegalStateException unchecked = new IllegalStateException("x");
        assertSame(unchecked, assertThrows(IllegalStateException.class, () -> ExcInfoException.rethrow(unchecked)));
        AssertionError error = new AssertionError("y");
        assertSame(error, assertThrows(AssertionError.class, () -> ExcInfoException.rethrow(error)));
    }

    @Test
    void checkedExceptionsAreWrappedNamingRuleR3_4() {
        IOException checked = new IOException("disk");
        ExcInfoException e = assertThrows(ExcInfoException.class, () -> ExcInfoException.rethrow(checked));
        assertSame(checked, e.getCause());
        assertTrue(e.getMessage().startsWith("R3.4 headers were already sent"), e.getMessage());
        assertTrue(e.getMessage().contains("disk"), e.getMessage());
    }
}
