// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import io.wsgi4j.Environ;
import io.wsgi4j.observe.RequestRecord;

/**
 * Records which path template served a request, for metrics and Flight Recorder events
 * ({@link RequestRecord#ROUTE_TEMPLATE}, {@code routing.template}): a bounded label, unlike the path.
 *
 * <p>A dispatcher that mounts its target below a template (the front controller, the URL map) also sets
 * {@link #BASE} while the target runs, so a router inside records the whole template:
 * {@code /projects/{project}/{service}} then {@code /tickets/{id:int}} gives
 * {@code /projects/{project}/{service}/tickets/{id:int}}. Templates are relative to the outermost
 * dispatcher's SCRIPT_NAME.
 *
 * @since 0.2
 */
public final class RouteTemplates {
    /** Environ key of the template the current SCRIPT_NAME was matched by, while a mounted target runs. @since 0.2 */
    public static final String BASE = RequestRecord.ROUTE_BASE;

    private RouteTemplates() {
    }

    /**
     * Sets {@link RequestRecord#ROUTE_TEMPLATE} to {@code template} below any {@link #BASE}, and returns it.
     *
     * @since 0.2
     */
    public static String matched(Environ environ, String template) {
        String full = environ.get(BASE) instanceof String base ? base + template : template;
        environ.put(RequestRecord.ROUTE_TEMPLATE, full);
        return full;
    }

    /** The template recorded for this request, or null when no route matched. @since 0.2 */
    public static String of(Environ environ) {
        return environ.get(RequestRecord.ROUTE_TEMPLATE) instanceof String s ? s : null;
    }
}
