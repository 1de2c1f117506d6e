// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.dispatch;

import io.wsgi4j.Application;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link FrontController} sends a request: the route that matched, its arguments (for
 * example {@code project=p1, service=wiki}), the mount point the target application sees as the end
 * of its SCRIPT_NAME ({@code /projects/p1/wiki}, relative to the front controller's own SCRIPT_NAME),
 * and the application itself.
 *
 * <pre>{@code
 * Target t = FrontController.target(environ);   // inside the dispatched application
 * String project = t.args().get("project");
 * }</pre>
 *
 * @param route the route's name
 * @param args the route arguments, decoded; copied, in their order, unmodifiable
 * @param mountPoint a decoded path prefix of PATH_INFO at the front controller, starting with
 *     {@code /} and ending at a segment boundary; empty to dispatch without moving anything
 * @param app the application that answers
 * @since 0.1
 */
public record Target(String route, Map<String, String> args, String mountPoint, Application app) {

    /**
     * Checks and copies the parts.
     *
     * @throws IllegalArgumentException if {@code mountPoint} is neither empty nor starts with {@code /},
     *     or ends with {@code /}
     * @since 0.1
     */
    public Target {
        Objects.requireNonNull(route, "route");
        Map<String, String> copy = new LinkedHashMap<>(args); // keeps the template's order for printing
        copy.forEach((k, v) -> Objects.requireNonNull(v, k));
        args = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(app, "app");
        if (!mountPoint.isEmpty() && (!mountPoint.startsWith("/") || mountPoint.endsWith("/"))) {
            throw new IllegalArgumentException("a target's mount point is empty or a path like \"/projects/p1/wiki\""
                    + " (leading slash, no trailing slash), got \"" + mountPoint + "\"");
        }
    }
}
