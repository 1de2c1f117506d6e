// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.dispatch;

import io.wsgi4j.Environ;
import java.util.Map;

/**
 * Decides which {@link Target} a request goes to; the pluggable half of a {@link FrontController}.
 * {@link FrontController.Builder#route} builds template-based resolvers; implement this interface
 * for anything else (a host name per project, a database of vanity URLs).
 *
 * <pre>{@code
 * Resolver byHost = environ -> {
 *     Project p = projects.byHost(environ.serverName());
 *     return p == null ? null : new Target("project", Map.of("project", p.name()), "", p.app());
 * };
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Resolver {

    /**
     * Resolves a request, reading but not changing the environ.
     *
     * @return the target, or null when this resolver has none (the next one is tried)
     * @throws Exception anything; it propagates like an application's exception
     * @since 0.1
     */
    Target resolve(Environ environ) throws Exception;

    /**
     * The percent-encoded mount point of route {@code route} for {@code args}, for building URLs
     * across targets; null when {@code route} is not one of this resolver's. The default knows none.
     *
     * @throws IllegalArgumentException if the route is this resolver's but {@code args} do not fit it
     * @since 0.1
     */
    default String mountPoint(String route, Map<String, ?> args) {
        return null;
    }
}
