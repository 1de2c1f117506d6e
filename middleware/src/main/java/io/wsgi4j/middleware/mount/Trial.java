// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.mount;

import io.wsgi4j.Header;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.util.List;

/**
 * The start_response a cascade gives each application but the last: it records the response instead
 * of starting it, so a "not mine" answer can be dropped, and forwards it once the cascade commits.
 */
final class Trial implements StartResponse {
    private final StartResponse inner;
    private Status status;
    private List<Header> headers;
    private Throwable excInfo;
    private Write write;
    private boolean committed;

    Trial(StartResponse inner) {
        this.inner = inner;
    }

    @Override
    public Write start(Status s, List<Header> h, Throwable exc) {
        if (committed) {
            return inner.start(s, h, exc);
        }
        if (status != null && exc == null) {
            throw new IllegalStateException("R3.2 start_response was called a second time without excInfo"
                    + " (first status " + status + ", now " + s + ")");
        }
        status = s;
        headers = h;
        excInfo = exc;
        return data -> {
            commitStart();
            write.write(data);
        };
    }

    /** True once this application's response went to the real start_response (it wrote through write()). */
    boolean committed() {
        return committed;
    }

    /** Accepts this application's answer: forwards the recorded start, then hands back its body. */
    Iterable<byte[]> commit(Iterable<byte[]> body) {
        commitStart();
        return body;
    }

    private void commitStart() {
        if (!committed) {
            committed = true;
            if (status != null) {
                write = inner.start(status, headers, excInfo);
            }
        }
    }
}
