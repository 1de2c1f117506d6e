// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @ParameterizedTest(name = "accepts {0}")
    @CsvSource(delimiter = '|', value = {
        // header                                                              | trace id                         | span id          | flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01              | 4bf92f3577b34da6a3ce929d0e0e4736 | 00f067aa0ba902b7 | 1",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00              | 4bf92f3577b34da6a3ce929d0e0e4736 | 00f067aa0ba902b7 | 0",
        "00-00000000000000000000000000000001-0000000000000001-ff              | 00000000000000000000000000000001 | 0000000000000001 | 255",
        // a later version: the four known fields are read, more after a '-' ignored (spec 3.2.4)
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09              | 4bf92f3577b34da6a3ce929d0e0e4736 | 00f067aa0ba902b7 | 9",
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future | 4bf92f3577b34da6a3ce929d0e0e4736 | 00f067aa0ba902b7 | 1",
    })
    void acceptsValidHeaders(String header, String traceId, String spanId, int flags) {
        assertEquals(new TraceParent(traceId, spanId, flags), TraceParent.tryParse(header));
    }

    @ParameterizedTest(name = "rejects [{0}]")
    @ValueSource(strings = {
        "",
        "00",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",          // no flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",        // short flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",      // version 00 has exactly 55 chars
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",       // trace id all zero
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",       // parent id all zero
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",       // uppercase
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0G",       // flags not hex
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",       // version ff is forbidden
        "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",       // wrong separators
        "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",       // dash in the wrong place
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",      // a later version extends after '-' only
        " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nX: y",
    })
    void rejectsInvalidHeaders(String header) {
        assertNull(TraceParent.tryParse(header));
    }

    @Test
    void tryParseOfNullIsNull() {
        assertNull(TraceParent.tryParse(null));
    }

    @Test
    void parseSaysWhatItExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceParent.parse("01-xyz"));
        assertEquals("not a W3C traceparent: \"01-xyz\"; expected 00-<32 lowercase hex trace id>-<16 lowercase hex"
                + " parent id>-<2 hex flags>, ids not all zero", e.getMessage());
    }

    @Test
    void printsAsVersion00() {
        assertEquals("00-" + TRACE + "-" + SPAN + "-0a", new TraceParent(TRACE, SPAN, 10).toString());
        String later = "01-" + TRACE + "-" + SPAN + "-01-more";
        assertEquals("00-" + TRACE + "-" + SPAN + "-01", TraceParent.parse(later).toString());
    }

    @Test
    void aChildKeepsTraceAndFlagsWithANewSpan() {
        TraceParent parent = new TraceParent(TRACE, SPAN, 1);
        TraceParent child = parent.child();
        assertEquals(TRACE, child.traceId());
        assertEquals(1, child.flags());
        assertNotEquals(SPAN, child.spanId());
        assertTrue(child.spanId().matches("[0-9a-f]{16}"), child.spanId());
    }

    @Test
    void aNewTraceIsValidAndRoundTrips() {
        for (int i = 0; i < 100; i++) {
            TraceParent t = TraceParent.newTrace(i % 2 == 0);
            assertEquals(t, TraceParent.parse(t.toString()));
            assertEquals(i % 2 == 0, t.sampled());
        }
        assertNotEquals(TraceParent.newTrace(false).traceId(), TraceParent.newTrace(false).traceId());
        assertFalse(TraceParent.newTrace(false).sampled());
    }

    @ParameterizedTest(name = "the constructor rejects trace id [{0}]")
    @ValueSource(strings = {"", "00000000000000000000000000000000", "4bf92f3577b34da6a3ce929d0e0e473", "4BF92F3577B34DA6A3CE929D0E0E4736"})
    void theConstructorRejectsMalformedTraceIds(String traceId) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TraceParent(traceId, SPAN, 0));
        assertEquals("trace id must be 32 lowercase hex digits, not all zero; got \"" + traceId + "\"", e.getMessage());
    }

    @Test
    void theConstructorRejectsFlagsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new TraceParent(TRACE, SPAN, 256));
        assertThrows(IllegalArgumentException.class, () -> new TraceParent(TRACE, "0000000000000000", 0));
    }
}
