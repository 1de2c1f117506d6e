// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HttpExceptionTest {
    @Test
    void theStatusForAFailureIsThatOfTheRefusalInItsCauseChain() {
        assertEquals(413, HttpException.statusFor(new UncheckedIOException(new HttpException(413, "too large"))));
        assertEquals(408, HttpException.statusFor(new RuntimeException(new BodyTimeoutException(5000))));
        assertEquals(400, HttpException.statusFor(new ClientClosedException("client closed the connection")));
        assertEquals(500, HttpException.statusFor(new IllegalStateException("the application's own failure")));
    }

    /** A cause chain may loop; the answer must still come (it is asked on every failed request). */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard: a loop would never end
    void aCycleOfCausesIsA500() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalArgumentException b = new IllegalArgumentException("b", a);
        a.initCause(b);
        assertEquals(500, HttpException.statusFor(a));
    }
}
