// SPDX-License-Identifier: Apache-2.0
/**
 * Routing by method and path template: {@link io.wsgi4j.middleware.routing.Router} dispatches and
 * builds URLs back; {@link io.wsgi4j.middleware.routing.PathTemplate} parses, matches and expands one
 * template in linear time. Route arguments are in the environ under {@code routing.args}, the route
 * name under {@code routing.route}.
 *
 * @since 0.1
 */
package io.wsgi4j.middleware.routing;
