// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.dispatch;

import io.wsgi4j.Application;
import java.util.Map;

/**
 * Finds the application for a template route's arguments, e.g. the wiki of project {@code p1}.
 *
 * <pre>{@code
 * TargetLookup services = args -> registry.service(args.get("project"), args.get("service"));
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TargetLookup {

    /**
     * Returns the application for {@code args}, or null when there is none (the request then goes on
     * to the next route, and finally to the front controller's fallback, a "not mine" 404 by default).
     *
     * @throws Exception anything; it propagates like an application's exception
     * @since 0.1
     */
    Application find(Map<String, String> args) throws Exception;
}
