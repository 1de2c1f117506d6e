// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.Environ;
import io.wsgi4j.observe.RequestEvent;
import io.wsgi4j.observe.RequestObserver;
import io.wsgi4j.observe.RequestRecord;

/**
 * The observing half of one handler: times each request and, at its end, tells the observer and the
 * Flight Recorder. With no observer and no recording running it reads a clock and one volatile flag per
 * request and allocates nothing.
 */
final class Observation {
    private static final System.Logger LOG = System.getLogger(Observation.class.getName());

    private final String transport;
    private RequestObserver observer;
    private long startNanos;
    private RequestEvent event;

    Observation(String transport) {
        this.transport = transport;
    }

    void observer(RequestObserver observer) {
        this.observer = observer == RequestObserver.NONE ? null : observer;
    }

    RequestObserver observer() {
        return observer == null ? RequestObserver.NONE : observer;
    }

    String transport() {
        return transport;
    }

    /** Called as the request starts, before the application. */
    void begin() {
        event = RequestEvent.startIfRecording();
        startNanos = observer != null ? System.nanoTime() : 0;
    }

    /** Called once the response is complete or aborted, after the body was closed. */
    void end(Environ environ, int status, long bytesOut, boolean aborted) {
        RequestEvent e = event;
        event = null;
        if (e == null && observer == null) {
            return;
        }
        long duration = observer != null ? System.nanoTime() - startNanos : 0;
        RequestRecord r;
        try {
            r = new RequestRecord(transport, environ.requestMethod(), environ.scriptName() + environ.pathInfo(),
                    route(environ), status, declaredLength(environ), bytesOut, Math.max(0, duration), aborted);
        } catch (RuntimeException t) {
            // an environ an application filled with odd values must not cost the response; say so and go on
            LOG.log(System.Logger.Level.WARNING, "could not record the request for observation", t);
            return;
        }
        tell(e, r);
    }

    /**
     * Called when the transport answered a request itself, before any application saw it (a malformed
     * or oversized head, a head that did not arrive in time): no application ran, so the duration is 0.
     */
    void refused(String method, String path, int status, long bytesIn, long bytesOut) {
        RequestEvent e = RequestEvent.startIfRecording();
        if (e == null && observer == null) {
            return;
        }
        tell(e, new RequestRecord(transport, method, path, null, status, bytesIn, bytesOut, 0, false));
    }

    private void tell(RequestEvent e, RequestRecord r) {
        if (e != null) {
            e.finish(r);
        }
        if (observer != null) {
            try {
                observer.requestFinished(r);
            } catch (Throwable t) {
                // an Error too (an assertion, a class missing from the deployment): it would otherwise end the
                // connection's thread, and on the reactor thread (inline requests, 408s) every waiting connection
                // with it, as the application's own failures never do
                long n = ObserverFailures.count(observer);
                if (n > 0) {
                    LOG.log(System.Logger.Level.WARNING, "request observer " + observer + " failed on " + r
                            + "; the request was not affected" + (n == 1 ? "" : " (" + n + " failures so far;"
                            + " logged at 1, 2, 4, 8... failures)"), t);
                }
            }
        }
    }

    private static String route(Environ environ) {
        return environ.get(RequestRecord.ROUTE_TEMPLATE) instanceof String s ? s : null;
    }

    /** CONTENT_LENGTH as a number, or -1 when absent or not one (the transport rejected those already). */
    static long declaredLength(Environ environ) {
        Object v = environ.get(Environ.CONTENT_LENGTH);
        if (!(v instanceof String s) || s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
