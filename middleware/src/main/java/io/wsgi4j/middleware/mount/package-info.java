// SPDX-License-Identifier: Apache-2.0
/**
 * Mounting beyond core's {@link io.wsgi4j.UrlMap} and {@code Pipeline.map}:
 * {@link io.wsgi4j.middleware.mount.Cascade} tries applications in turn while they answer "not mine".
 *
 * @since 0.1
 */
package io.wsgi4j.middleware.mount;
