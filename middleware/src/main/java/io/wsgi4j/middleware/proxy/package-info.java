// SPDX-License-Identifier: Apache-2.0
/**
 * Running behind a reverse proxy: {@link io.wsgi4j.middleware.proxy.ProxyFix} takes the client
 * address, scheme, host and prefix from the {@code Forwarded} or {@code X-Forwarded-*} headers of
 * trusted hops, each value checked before it reaches the environ.
 *
 * @since 0.2
 */
package io.wsgi4j.middleware.proxy;
