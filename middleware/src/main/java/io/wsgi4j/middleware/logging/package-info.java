// SPDX-License-Identifier: Apache-2.0
/**
 * Access logging: {@link io.wsgi4j.middleware.logging.AccessLog} writes one line per request
 * ({@link io.wsgi4j.middleware.logging.LogFormat Common, Combined, Extended or JSON}) to a
 * {@link io.wsgi4j.middleware.logging.LogSink} when the response body closes.
 *
 * @since 0.1
 */
package io.wsgi4j.middleware.logging;
