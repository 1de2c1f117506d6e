// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.observe;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The Flight Recorder event of one request, emitted by every transport: {@value #NAME}.
 *
 * <pre>{@code
 * java -XX:StartFlightRecording=filename=run.jfr -jar app.jar
 * jfr print --events io.wsgi4j.Request run.jfr
 * jfr summary run.jfr
 * }</pre>
 *
 * <p>The event's start time and duration span the request from calling the application to the end of
 * the response. No stack trace is recorded. When no recording runs, the request algorithm creates no
 * event (one volatile read per request, see {@link #startIfRecording()}).
 *
 * @since 0.2
 */
@Name(RequestEvent.NAME)
@Label("Request")
@Category({"wsgi4j"})
@Description("One request served by a wsgi4j transport, from calling the application to the end of the response")
@StackTrace(false)
public final class RequestEvent extends Event {
    /** The event name, {@code io.wsgi4j.Request}. @since 0.2 */
    public static final String NAME = "io.wsgi4j.Request";

    @Label("Transport")
    @Description("http, fastcgi, scgi, cgi or test")
    String transport;

    @Label("Method")
    String method;

    @Label("Path")
    @Description("SCRIPT_NAME + PATH_INFO")
    String path;

    @Label("Route")
    @Description("The path template of the route that served the request; null when none matched")
    String route;

    @Label("Status")
    @Description("The status sent; 0 when none was")
    int status;

    @Label("Bytes In")
    @Description("The declared request body length; -1 when none was declared")
    @DataAmount
    long bytesIn;

    @Label("Bytes Out")
    @Description("Response body bytes sent, framing excluded")
    @DataAmount
    long bytesOut;

    @Label("Aborted")
    @Description("The response could not be completed and the connection was cut")
    boolean aborted;

    private RequestEvent() {
    }

    /**
     * A started event when a recording runs and has this event enabled, else null without allocating:
     * the check is one volatile read while no recording runs. For transports; applications do not call it.
     *
     * @since 0.2
     */
    public static RequestEvent startIfRecording() {
        if (!Recordings.running()) {
            return null;
        }
        RequestEvent e = new RequestEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    /**
     * Ends the event, fills its fields from {@code r} and commits it (subject to the recording's
     * threshold).
     *
     * @since 0.2
     */
    public void finish(RequestRecord r) {
        end();
        if (shouldCommit()) {
            transport = r.transport();
            method = r.method();
            path = r.path();
            route = r.route();
            status = r.status();
            bytesIn = r.bytesIn();
            bytesOut = r.bytesOut();
            aborted = r.aborted();
            commit();
        }
    }
}
