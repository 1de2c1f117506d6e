// SPDX-License-Identifier: Apache-2.0
/**
 * Conditional requests and validators: {@link io.wsgi4j.middleware.caching.ConditionalGet} answers
 * 304/412 from a response's ETag or Last-Modified, {@link io.wsgi4j.middleware.caching.ETags} adds a
 * strong ETag to small bodies, {@link io.wsgi4j.middleware.caching.EntityTags} parses and compares
 * entity tags.
 *
 * @since 0.2
 */
package io.wsgi4j.middleware.caching;
