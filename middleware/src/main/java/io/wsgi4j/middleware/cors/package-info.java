// SPDX-License-Identifier: Apache-2.0
/**
 * Cross-origin resource sharing: {@link io.wsgi4j.middleware.cors.Cors} answers preflights and adds
 * the response headers that {@link io.wsgi4j.middleware.cors.CorsPolicy} allows.
 *
 * @since 0.2
 */
package io.wsgi4j.middleware.cors;
