// SPDX-License-Identifier: Apache-2.0
/**
 * Identifying and timing requests: {@link io.wsgi4j.middleware.tracing.RequestId} ({@code
 * wsgi4j.request_id}), W3C trace context ({@link io.wsgi4j.middleware.tracing.TraceContext}, {@code
 * wsgi4j.trace_id} and friends) and {@link io.wsgi4j.middleware.tracing.ServerTiming}; the access log
 * and error pages read what these set.
 *
 * @since 0.2
 */
package io.wsgi4j.middleware.tracing;
