// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Test;

class TraceContextTest {
    private static final String INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /** Answers the trace keys of the environ, one per line. */
    private static final Application ECHO = (env, sr) -> {
        sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of(env.get(TraceContext.TRACE_ID) + "\n" + env.get(TraceContext.SPAN_ID) + "\n"
                + env.get(TraceContext.PARENT_ID) + "\n" + env.get(TraceContext.TRACE_STATE) + "\n"
                + TraceContext.of(env));
    };

    private static String[] send(Application app, String traceparent, String tracestate) {
        var request = TestClient.of(app).get("/");
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        if (tracestate != null) {
            request.header("tracestate", tracestate);
        }
        TestResponse r = request.send();
        assertNull(r.header("traceparent"), "traceparent is a request header; nothing is echoed");
        return r.text().split("\n");
    }

    @Test
    void continuesAValidIncomingTraceWithANewSpan() {
        String[] v = send(TraceContext.of().wrap(ECHO), INCOMING, "vendor=abc");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", v[0]);
        assertTrue(v[1].matches("[0-9a-f]{16}"), v[1]);
        assertNotEquals("00f067aa0ba902b7", v[1]);
        assertEquals("00f067aa0ba902b7", v[2]);
        assertEquals("vendor=abc", v[3]);
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-" + v[1] + "-01", v[4], "the header for outgoing calls");
    }

    @Test
    void startsANewUnsampledTraceWhenNoneCame() {
        String[] v = send(TraceContext.of().wrap(ECHO), null, "vendor=abc");
        assertTrue(v[0].matches("[0-9a-f]{32}"), v[0]);
        assertEquals("null", v[2]);
        assertEquals("null", v[3], "tracestate without a valid traceparent is dropped");
        assertFalse(TraceParent.parse(v[4]).sampled());
    }

    @Test
    void startsANewTraceWhenTheIncomingOneIsInvalid() {
        String[] v = send(TraceContext.of().wrap(ECHO), INCOMING.toUpperCase(), null);
        assertNotEquals("4BF92F3577B34DA6A3CE929D0E0E4736".toLowerCase(), v[0]);
        assertEquals("null", v[2]);
    }

    @Test
    void ignoresIncomingTracesWhenNotTrusted() {
        String[] v = send(TraceContext.builder().trustIncoming(false).build().wrap(ECHO), INCOMING, null);
        assertNotEquals("4bf92f3577b34da6a3ce929d0e0e4736", v[0]);
        assertEquals("null", v[2]);
    }

    @Test
    void assignReplacesStaleKeysOfAnEarlierTrace() {
        Environ env = new io.wsgi4j.handler.EnvironBuilder().header("traceparent", INCOMING).build();
        TraceContext.assign(env, true);
        env.remove("HTTP_TRACEPARENT");
        TraceParent fresh = TraceContext.assign(env, true);
        assertEquals(fresh.traceId(), env.get(TraceContext.TRACE_ID));
        assertNull(env.get(TraceContext.PARENT_ID));
    }

    @Test
    void printsLikeTheBuilderCode() {
        assertEquals("TraceContext.of().wrap(" + ECHO + ")", TraceContext.of().wrap(ECHO).toString());
    }
}
