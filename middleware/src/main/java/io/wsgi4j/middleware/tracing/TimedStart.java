// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.tracing;

import io.wsgi4j.Header;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The start_response a {@link ServerTiming} hands the application: one object per request that holds a
 * start made before the application returns, and forwards it with the timing headers when the status is
 * known, which is the moment the application returns its body, its first legacy {@code write}, or,
 * for an application that starts while its body is iterated, that start itself. The body is never
 * wrapped: only headers change.
 */
final class TimedStart implements StartResponse, Write {
    private final ServerTiming timing;
    private final StartResponse downstream;
    private final long startNanos;
    private Status status;
    private List<Header> headers;
    private Throwable excInfo;
    private boolean held; // a start waits for the application to return
    private boolean returned; // the application returned: a start now is forwarded at once
    private boolean forwarded;
    private Write downstreamWrite;

    TimedStart(ServerTiming timing, StartResponse downstream, long startNanos) {
        this.timing = timing;
        this.downstream = downstream;
        this.startNanos = startNanos;
    }

    @Override
    public Write start(Status s, List<Header> h, Throwable exc) {
        if (exc == null && (held || forwarded)) {
            throw new IllegalStateException("R3.2 start_response was called a second time without excInfo"
                    + " (first status " + status + ", now " + s + "); pass the exception being"
                    + " handled as excInfo to replace a response that has not been sent");
        }
        status = Objects.requireNonNull(s, "status");
        headers = Objects.requireNonNull(h, "headers");
        excInfo = exc;
        held = true;
        if (returned || forwarded) {
            forward(); // started while iterated, or an error page replacing what went out: the status is known
        }
        return this; // the legacy write callable: no object per request for it
    }

    /** The application returned: forwards a start it made before returning. */
    void returned() {
        returned = true;
        forward();
    }

    @Override
    public void write(byte[] data) throws IOException {
        forward();
        downstreamWrite.write(data);
    }

    private void forward() {
        if (!held) {
            return;
        }
        held = false;
        forwarded = true;
        downstreamWrite = downstream.start(status, timing.timed(headers, System.nanoTime() - startNanos), excInfo);
    }
}
